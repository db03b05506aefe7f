package com.creatorflow.local.runtime;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes the local runtime's secret files (secrets, the token signing key) readable by their owner only. */
final class OwnerOnlyFiles {
    private OwnerOnlyFiles() {
    }

    /**
     * Creates a new file with this content, owner-only from its first byte on a POSIX file system (elsewhere the
     * folder's own permissions apply).
     *
     * @throws FileAlreadyExistsException when the file exists
     */
    static void create(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, content);
    }
}
