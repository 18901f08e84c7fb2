package com.cityexplorer.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/**
 * affiliate-service's two keys for a local platform: made once per data directory (random, in
 * {@code secrets/affiliate.properties}, readable by the owner only) and then reused, because partners'
 * webhook secrets stored in that directory stay readable only with the key that encrypted them.
 * Production deployments take them from their secret store instead (docs/operations.md).
 */
final class AffiliateKeys {

    static final String SECRET_ENCRYPTION_KEY = "CITY_EXPLORER_AFFILIATE_SECRET_ENCRYPTION_KEY";
    static final String CLICK_SIGNING_KEY = "CITY_EXPLORER_AFFILIATE_CLICK_SIGNING_KEY";

    private AffiliateKeys() {
    }

    static Map<String, String> forDataDir(Path dataDir) {
        Path file = dataDir.resolve("secrets").resolve("affiliate.properties");
        Properties keys = new Properties();
        try {
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    keys.load(reader);
                }
            }
            if (keys.getProperty(SECRET_ENCRYPTION_KEY) == null || keys.getProperty(CLICK_SIGNING_KEY) == null) {
                SecureRandom random = new SecureRandom();
                keys.setProperty(SECRET_ENCRYPTION_KEY, randomKey(random));
                keys.setProperty(CLICK_SIGNING_KEY, randomKey(random));
                Files.createDirectories(file.getParent());
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (Writer writer = Files.newBufferedWriter(file)) {
                    keys.store(writer, "affiliate-service keys of this local platform; never commit or share");
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read or create " + file, ex);
        }
        return Map.of(SECRET_ENCRYPTION_KEY, keys.getProperty(SECRET_ENCRYPTION_KEY), CLICK_SIGNING_KEY, keys.getProperty(CLICK_SIGNING_KEY));
    }

    private static String randomKey(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
