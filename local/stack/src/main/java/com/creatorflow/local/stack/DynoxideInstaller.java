package com.creatorflow.local.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the Dynoxide binary from its npm package into the project's tools folder, once, under a file lock so
 * that parallel test JVMs do not race. The binary can also be named with {@code DYNOXIDE_BIN}.
 */
public final class DynoxideInstaller {
    /** The Dynoxide release the project is pinned to. */
    public static final String VERSION = "1.2.1";
    private static final Logger LOG = LoggerFactory.getLogger(DynoxideInstaller.class);

    private DynoxideInstaller() {
    }

    /** The path of an executable Dynoxide binary, installing it with npm first when needed. */
    public static Path binary() {
        String configured = System.getenv("DYNOXIDE_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path prefix = ProjectPaths.toolsDir().resolve("dynoxide-" + VERSION);
        Path binary = prefix.resolve("node_modules/@dynoxide/" + platformPackage() + "/dynoxide");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        try {
            Files.createDirectories(prefix);
            try (FileChannel channel = FileChannel.open(prefix.resolve(".install.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!Files.isExecutable(binary)) {
                    install(prefix);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not install Dynoxide into " + prefix, e);
        }
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("npm finished but " + binary + " is missing or not executable");
        }
        return binary;
    }

    private static void install(Path prefix) throws IOException {
        String spec = "@dynoxide/" + platformPackage() + "@" + VERSION;
        LOG.info("installing Dynoxide {} with npm into {}", spec, prefix);
        List<String> command = List.of("npm", "install", "--no-save", "--no-audit", "--no-fund",
                "--loglevel=error", "--prefix", prefix.toString(), spec);
        Process npm = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(prefix.resolve("npm-install.log").toFile()).start();
        try {
            if (!npm.waitFor(5, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm install of " + spec + " took more than 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            npm.destroyForcibly();
            throw new IllegalStateException("interrupted while installing Dynoxide", e);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("npm install " + spec + " failed (exit " + npm.exitValue() + "): "
                    + Files.readString(prefix.resolve("npm-install.log")));
        }
    }

    /** The npm package name suffix for this machine, e.g. {@code linux-x64}. */
    static String platformPackage() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String cpu = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x64";
        if (os.contains("linux")) {
            return "linux-" + cpu;
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return "darwin-" + cpu;
        }
        throw new IllegalStateException("Dynoxide has no package for " + os + "/" + arch + "; set DYNOXIDE_BIN");
    }
}
