package com.creatorflow.local.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.EncryptedBlobStore;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.S3ProxyConstants;
import org.jclouds.ContextBuilder;
import org.jclouds.apis.ApiMetadata;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.TransientApiMetadata;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded S3Proxy speaking the S3 API on loopback: objects in files under a folder (jclouds' {@code filesystem}
 * back end) or in memory ({@code transient}), encrypted at rest by S3Proxy's encrypting middleware (AES, key derived
 * from the given secret), the local stand-in for SSE-KMS. Requests are checked for AWS signatures (V4, header or
 * pre-signed query, whose expiry is enforced) made with {@link LocalClients#CREDENTIALS}. Unknown {@code x-amz-}
 * headers (SSE-KMS, checksums) are accepted and ignored, so the code that runs in AWS runs here unchanged. Jetty's
 * threads are not daemons: owners close it in a {@code finally} (or try-with-resources).
 */
public final class LocalS3 implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalS3.class);
    /** The salt of the key derivation: fixed, as the secret itself is random per data folder. */
    private static final String SALT = "creatorflow-local-s3";

    private final S3Proxy server;
    private final BlobStoreContext context;
    private final int port;

    private LocalS3(S3Proxy server, BlobStoreContext context, int port) {
        this.server = server;
        this.context = context;
        this.port = port;
    }

    /**
     * Starts S3Proxy.
     *
     * @param port the port, or 0 for a free one
     * @param directory where objects live (created if missing); null keeps them in memory
     * @param encryptionSecret the secret the at-rest encryption key is derived from (kept with the data)
     */
    public static LocalS3 start(int port, Path directory, String encryptionSecret) {
        if (port != 0 && !FreePorts.isFree(port)) {
            throw new PortInUseException("S3Proxy (S3)", port);
        }
        BlobStoreContext context = context(directory);
        S3Proxy server = null;
        try {
            server = S3Proxy.builder()
                    .blobStore(encrypted(context.getBlobStore(), encryptionSecret))
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4,
                            LocalClients.CREDENTIALS.resolveCredentials().accessKeyId(),
                            LocalClients.CREDENTIALS.resolveCredentials().secretAccessKey())
                    .ignoreUnknownHeaders(true)
                    .jettyMaxThreads(24)
                    .build();
            server.start();
            int bound = server.getPort();
            LOG.info("S3Proxy listening on http://127.0.0.1:{} ({})", bound,
                    directory == null ? "in memory" : directory);
            return new LocalS3(server, context, bound);
        } catch (Exception e) {
            stopQuietly(server);
            context.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("S3Proxy did not start", e);
        }
    }

    /** The jclouds back end, named by its API metadata rather than looked up among every provider (faster). */
    private static BlobStoreContext context(Path directory) {
        Properties properties = new Properties();
        ApiMetadata api = new TransientApiMetadata();
        if (directory != null) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + directory, e);
            }
            api = new FilesystemApiMetadata();
            properties.setProperty(FilesystemConstants.PROPERTY_BASEDIR, directory.toAbsolutePath().toString());
        }
        return ContextBuilder.newBuilder(api).credentials("", "").overrides(properties)
                .modules(List.of(new SLF4JLoggingModule())).buildView(BlobStoreContext.class);
    }

    /**
     * S3Proxy's encrypting middleware. Its factory is package-private (S3Proxy's command line wires it from a
     * properties file), so it is called reflectively; LocalS3IT fails if that ever stops working.
     */
    private static BlobStore encrypted(BlobStore store, String secret) {
        Properties properties = new Properties();
        properties.setProperty(S3ProxyConstants.PROPERTY_ENCRYPTED_BLOBSTORE_PASSWORD, secret);
        properties.setProperty(S3ProxyConstants.PROPERTY_ENCRYPTED_BLOBSTORE_SALT, SALT);
        try {
            Method factory = EncryptedBlobStore.class.getDeclaredMethod("newEncryptedBlobStore", BlobStore.class,
                    Properties.class);
            factory.setAccessible(true);
            return (BlobStore) factory.invoke(null, store, properties);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("S3Proxy's encrypting middleware is not available", e);
        }
    }

    /** The HTTP endpoint to give the S3 client (path-style addressing). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            stopQuietly(server);
        } finally {
            context.close();
        }
    }

    private static void stopQuietly(S3Proxy server) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping S3Proxy failed: {}", e.toString());
        }
    }
}
