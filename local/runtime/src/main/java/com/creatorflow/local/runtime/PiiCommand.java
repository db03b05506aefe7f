package com.creatorflow.local.runtime;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.local.stack.ProjectPaths;
import com.creatorflow.shared.aws.AwsClients;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.LocalKeyWrapper;
import com.creatorflow.shared.setup.PiiKeysCommand;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@code ./creatorflow pii}: the PII key commands ({@link PiiKeysCommand}) against a running local runtime (its
 * Dynoxide port and its data folder, whose key file plays KMS) or, with {@code --aws}, against AWS with the
 * process's environment and credentials (docs/security.md).
 */
public final class PiiCommand {
    private static final String HELP = """
            usage: ./creatorflow pii [--data-dir DIR] [--dynamodb-port N] %1$s
                   ./creatorflow pii --aws %1$s

            Locally it talks to the runtime started by ./creatorflow up (Dynoxide on --dynamodb-port, default 8000)
            and uses the key file of its data folder (--data-dir, default .local/data). With --aws it uses the
            environment: AWS_REGION, credentials, ORDERS_TABLE, AUDIT_TABLE, SHOPS_TABLE, PII_KEYS_TABLE and
            PII_KMS_KEY_ID (docs/security.md).
            """.formatted(PiiKeysCommand.USAGE);

    private PiiCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs a command line; returns the exit status (0 done, 1 failed or left work, 2 bad usage). */
    static int run(String[] args, PrintStream out) {
        RuntimeOptions defaults = RuntimeOptions.defaults(ProjectPaths.root());
        Path dataDir = defaults.dataDir();
        int dynamoPort = defaults.dynamoPort();
        boolean aws = false;
        List<String> rest = new ArrayList<>(List.of(args));
        try {
            while (!rest.isEmpty() && rest.get(0).startsWith("--")) {
                String flag = rest.remove(0);
                switch (flag) {
                    case "--data-dir" -> dataDir = Path.of(value(rest, flag)).toAbsolutePath();
                    case "--dynamodb-port" -> dynamoPort = Integer.parseInt(value(rest, flag));
                    case "--aws" -> aws = true;
                    default -> {
                        out.print(HELP);
                        return flag.equals("--help") ? 0 : 2;
                    }
                }
            }
            return PiiKeysCommand.run(aws ? Env.system() : local(dataDir, dynamoPort), rest, out);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.print(HELP);
            return 2;
        } catch (IllegalStateException e) {
            out.println(e.getMessage());
            return 1;
        } catch (SdkClientException e) {
            out.println((aws ? "cannot reach AWS: " : "cannot reach the local DynamoDB on port " + dynamoPort
                    + " (is ./creatorflow up running?): ") + e.getMessage());
            return 1;
        }
    }

    /** What a local function's PII code is configured with, pointed at a running runtime's Dynoxide. */
    static Env local(Path dataDir, int dynamoPort) {
        Path keyFile = dataDir.resolve(LocalKeyWrapper.FILE_NAME);
        if (!Files.exists(keyFile)) {
            throw new IllegalStateException("no " + keyFile + ": start the runtime on this data folder first"
                    + " (./creatorflow up --data-dir " + dataDir + ")");
        }
        LocalResolver resolver = new LocalResolver(CfnTemplate.project(), LocalClients.REGION,
                URI.create("http://unused"), Map.of());
        Map<String, String> variables = new HashMap<>();
        variables.put("AWS_REGION", LocalClients.REGION);
        variables.put("AWS_ACCESS_KEY_ID", "local");
        variables.put("AWS_SECRET_ACCESS_KEY", "local");
        variables.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + dynamoPort);
        variables.put("ORDERS_TABLE", resolver.physicalName("OrdersTable"));
        variables.put("AUDIT_TABLE", resolver.physicalName("AuditLogTable"));
        variables.put("SHOPS_TABLE", resolver.physicalName("ShopsTable"));
        variables.put("SHIPPING_TABLE", resolver.physicalName("ShippingTable"));
        variables.put("PII_KEYS_TABLE", resolver.physicalName("PiiKeysTable"));
        variables.putAll(LocalSecrets.load(dataDir).piiVariables(keyFile));
        return Env.of(variables, AwsClients.of(variables));
    }

    private static String value(List<String> rest, String flag) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return rest.remove(0);
    }
}
