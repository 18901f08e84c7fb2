package com.cityexplorer.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A service's runnable jar, extracted once per change (Spring Boot's {@code jarmode=tools extract}) so
 * the JVM can use a class-data sharing archive: the archive is written when the service first exits
 * and makes every later start faster and lighter. A changed jar is extracted again and its stale
 * archive dropped.
 */
record RunnableApp(Path jar, Path archive) {

    static RunnableApp prepare(PlatformComponent component, Path jarsDir, Path appsDir) {
        Path sourceJar = jarsDir.resolve(component.serviceId() + ".jar");
        if (!Files.isRegularFile(sourceJar)) {
            throw new IllegalStateException("No runnable jar for " + component.serviceId() + " at " + sourceJar
                    + ". Build it first: ./mvnw -Pdev package");
        }
        Path destination = appsDir.resolve(component.serviceId());
        Path extractedJar = destination.resolve(component.serviceId() + ".jar");
        Path archive = destination.resolve(component.serviceId() + ".jsa");
        Path fingerprintFile = destination.resolve(".source-fingerprint");
        try {
            // Compared by content, not time: every Maven package run rewrites the jar, mostly unchanged.
            String fingerprint = fingerprint(sourceJar);
            if (!Files.exists(extractedJar) || !Files.exists(fingerprintFile)
                    || !Files.readString(fingerprintFile).equals(fingerprint)) {
                extract(sourceJar, destination);
                Files.deleteIfExists(archive);
                Files.writeString(fingerprintFile, fingerprint);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new RunnableApp(extractedJar, archive);
    }

    /** A digest of the jar's entries (names, sizes, CRCs), read from its central directory only. */
    static String fingerprint(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            CRC32 digest = new CRC32();
            long entries = 0;
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                digest.update((entry.getName() + ":" + entry.getSize() + ":" + entry.getCrc() + "\n").getBytes());
                entries++;
            }
            return entries + "-" + Long.toHexString(digest.getValue());
        }
    }

    private static void extract(Path sourceJar, Path destination) throws IOException {
        deleteRecursively(destination);
        List<String> command = new ArrayList<>(List.of(ServiceProcess.javaExecutable(), "-XX:TieredStopAtLevel=1",
                "-Djarmode=tools", "-jar", sourceJar.toString(), "extract", "--destination", destination.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("Could not extract " + sourceJar + ": " + output);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while extracting " + sourceJar, ex);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    List<String> jvmArguments() {
        return List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive", "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off");
    }
}
