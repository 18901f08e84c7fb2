package com.cityexplorer.platform.security;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads and makes the P-256 keys of the internal identity token. Keys travel as base64 of their
 * standard encodings (PKCS#8 private, X.509 public), with or without PEM armour, so they fit in an
 * environment variable or a Kubernetes Secret.
 */
public final class IdentityKeys {

    private IdentityKeys() {
    }

    /** A new key pair: {@code [private PKCS#8, public X.509]}, base64. For development and tests. */
    public static String[] generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Base64.Encoder base64 = Base64.getEncoder();
            return new String[] { base64.encodeToString(pair.getPrivate().getEncoded()),
                base64.encodeToString(pair.getPublic().getEncoded()) };
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("This JDK cannot make P-256 keys", ex);
        }
    }

    public static ECPublicKey publicKey(String encoded) {
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(decode(encoded)));
        }
        catch (GeneralSecurityException | IllegalArgumentException | ClassCastException ex) {
            throw new IllegalArgumentException("Not a base64 X.509 EC public key", ex);
        }
    }

    public static ECPrivateKey privateKey(String encoded) {
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(decode(encoded)));
        }
        catch (GeneralSecurityException | IllegalArgumentException | ClassCastException ex) {
            throw new IllegalArgumentException("Not a base64 PKCS#8 EC private key", ex);
        }
    }

    private static byte[] decode(String encoded) {
        String body = encoded.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
