package com.cityexplorer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k8s/tools/make-secrets.sh makes every Secret (and key) the rendered workloads refer to, with keys that work: the
 * chart creates no Secret, so a name or key missing here is a pod that never starts.
 */
class SecretsTest {

    static Map<String, Secret> secrets;

    @BeforeAll
    static void makeSecrets() {
        String yaml = Manifests.run(List.of("env", "BACKUP_BUCKET=backups", "AWS_DEFAULT_REGION=eu-west-1",
                "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "SLACK_WEBHOOK_URL=https://hooks.example/x",
                "PAGERDUTY_ROUTING_KEY=routing", "HEARTBEAT_URL=https://heartbeat.example/x", "CITY_EXPLORER_ADMIN_EMAIL=admin@example.com",
                Manifests.REPOSITORY.resolve("k8s/tools/make-secrets.sh").toString(), "city-explorer"));
        secrets = Manifests.parse("make-secrets.sh", yaml).all(Secret.class).stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
    }

    @Test
    void everySecretTheProductionRenderNeedsIsMade() {
        Manifests prod = Manifests.helm("city-explorer", "values-prod.yaml");
        List<String> missing = new ArrayList<>();
        prod.podTemplates().forEach((workload, template) -> {
            List<Container> containers = new ArrayList<>(template.getSpec().getContainers());
            if (template.getSpec().getInitContainers() != null) {
                containers.addAll(template.getSpec().getInitContainers());
            }
            for (Container container : containers) {
                for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                    var ref = env.getValueFrom() == null ? null : env.getValueFrom().getSecretKeyRef();
                    if (ref != null && !Boolean.TRUE.equals(ref.getOptional()) && !hasKey(ref.getName(), ref.getKey())) {
                        missing.add(workload + " env " + env.getName() + " <- " + ref.getName() + "/" + ref.getKey());
                    }
                }
            }
            for (Volume volume : template.getSpec().getVolumes() == null ? List.<Volume>of() : template.getSpec().getVolumes()) {
                if (volume.getSecret() != null && !Boolean.TRUE.equals(volume.getSecret().getOptional())
                        && !secrets.containsKey(volume.getSecret().getSecretName())) {
                    missing.add(workload + " volume " + volume.getName() + " <- " + volume.getSecret().getSecretName());
                }
            }
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void theIdentityKeysAreAPairThatSignsAndVerifies() throws Exception {
        byte[] privateKey = Base64.getDecoder().decode(value("identity-keys", "signing-key"));
        byte[] publicKey = Base64.getDecoder().decode(value("identity-keys", "verification-keys"));
        KeyFactory ec = KeyFactory.getInstance("EC");
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(ec.generatePrivate(new PKCS8EncodedKeySpec(privateKey)));
        signer.update("identity".getBytes(StandardCharsets.UTF_8));
        byte[] signature = signer.sign();

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(ec.generatePublic(new X509EncodedKeySpec(publicKey)));
        verifier.update("identity".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void affiliateKeysAre32RandomBytesAndDatabaseUsersDiffer() {
        assertThat(Base64.getDecoder().decode(value("affiliate-keys", "secret-encryption-key"))).hasSize(32);
        assertThat(Base64.getDecoder().decode(value("affiliate-keys", "click-signing-key"))).hasSizeGreaterThanOrEqualTo(32);
        assertThat(value("mongodb-place-service", "uri")).contains("replicaSet=").doesNotContain(value("mongodb-city-service", "password"));
        assertThat(value("mongodb-place-service", "password")).isNotEqualTo(value("mongodb-city-service", "password"));
    }

    private static boolean hasKey(String secret, String key) {
        Secret made = secrets.get(secret);
        return made != null && (made.getData() != null && made.getData().containsKey(key)
                || made.getStringData() != null && made.getStringData().containsKey(key));
    }

    private static String value(String secret, String key) {
        Secret made = secrets.get(secret);
        assertThat(made).as(secret).isNotNull();
        if (made.getStringData() != null && made.getStringData().containsKey(key)) {
            return made.getStringData().get(key);
        }
        return new String(Base64.getDecoder().decode(made.getData().get(key)), StandardCharsets.UTF_8);
    }
}
