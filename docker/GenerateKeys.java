import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes the keys a City Explorer platform needs, so that none is ever committed:
 * <ul>
 * <li>{@code training <dir>}: for the image build's AOT training run (docker/Dockerfile, stage "train"), as
 *     {@code <dir>/config/application.properties}; thrown away with that build stage.</li>
 * <li>{@code compose <dir>}: for docker-compose, as Spring Boot config trees ({@code configtree:}), one folder per
 *     audience ({@code shared}, {@code gateway}, {@code affiliate}, {@code user}) so that each container mounts only
 *     what it may read. Made once: later runs keep them (affiliate data is encrypted with one of them).</li>
 * </ul>
 * Runs with the JDK's source launcher ({@code java docker/GenerateKeys.java ...}): no build needed.
 */
public final class GenerateKeys {

    private GenerateKeys() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java GenerateKeys.java training|compose <dir>");
            System.exit(2);
        }
        Map<String, String> keys = newKeys();
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "training" -> training(dir, keys);
            case "compose" -> compose(dir, keys);
            default -> {
                System.err.println("unknown mode " + args[0]);
                System.exit(2);
            }
        }
    }

    private static Map<String, String> newKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var pair = generator.generateKeyPair();
        Base64.Encoder base64 = Base64.getEncoder();
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("shared/city-explorer.identity.verification-keys", base64.encodeToString(pair.getPublic().getEncoded()));
        keys.put("gateway/city-explorer.gateway.identity.signing-key", base64.encodeToString(pair.getPrivate().getEncoded()));
        keys.put("affiliate/city-explorer.affiliate.secret-encryption-key", base64.encodeToString(random(32)));
        keys.put("affiliate/city-explorer.affiliate.click-signing-key", base64.encodeToString(random(32)));
        keys.put("user/city-explorer.admin.password", Base64.getUrlEncoder().withoutPadding().encodeToString(random(18)));
        return keys;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void training(Path dir, Map<String, String> keys) throws Exception {
        StringBuilder properties = new StringBuilder();
        keys.forEach((path, value) -> properties.append(path.substring(path.indexOf('/') + 1)).append('=').append(value).append('\n'));
        properties.append("city-explorer.events.journal.directory=/tmp/journal\n")
                // Nothing to connect to during the build: no index creation, no topic creation.
                .append("spring.data.mongodb.auto-index-creation=false\n")
                .append("spring.kafka.admin.auto-create=false\n");
        Path file = dir.resolve("config/application.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, properties);
    }

    private static void compose(Path dir, Map<String, String> keys) throws Exception {
        if (Files.exists(dir.resolve("shared/city-explorer.identity.verification-keys"))) {
            System.out.println("Keys exist already in " + dir + ": kept.");
            return;
        }
        for (var key : keys.entrySet()) {
            Path file = dir.resolve(key.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, key.getValue());
        }
        System.out.println("Made new keys in " + dir + ". Administrator: admin@city-explorer.local, password "
                + keys.get("user/city-explorer.admin.password") + " (also in the user-keys volume).");
    }
}
