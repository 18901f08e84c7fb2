package com.cityexplorer.devstack;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The P-256 key pair of the gateway's identity tokens for one local run, in the encodings the
 * platform reads (base64 PKCS#8 and X.509). The launcher depends on no platform module, so it makes
 * the pair with the JDK alone.
 */
record IdentityKeyPair(String privateKey, String publicKey) {

    static IdentityKeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Base64.Encoder base64 = Base64.getEncoder();
            return new IdentityKeyPair(base64.encodeToString(pair.getPrivate().getEncoded()),
                    base64.encodeToString(pair.getPublic().getEncoded()));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("This JDK cannot make P-256 keys", ex);
        }
    }
}
