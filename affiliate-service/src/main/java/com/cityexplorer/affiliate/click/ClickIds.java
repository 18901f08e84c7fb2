package com.cityexplorer.affiliate.click;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.cityexplorer.affiliate.AffiliateSettings;

import org.springframework.stereotype.Component;

/**
 * Click ids that prove themselves: {@code <offer id>.<issued at, epoch seconds>.<random>.<HMAC-SHA256>},
 * signed with a key from the environment. A conversion's click is checked by its signature, so a click
 * is attributable from the moment its redirect is answered (before it reaches the database), and nobody
 * can make up a click of someone else's offer.
 */
@Component
public class ClickIds {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final int MAC_BYTES = 16;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    ClickIds(AffiliateSettings settings) {
        byte[] raw = Base64.getDecoder().decode(settings.clickSigningKey().strip());
        if (raw.length < 32) {
            throw new IllegalStateException("CITY_EXPLORER_AFFILIATE_CLICK_SIGNING_KEY must be base64 of at least 32 bytes");
        }
        this.key = new SecretKeySpec(raw, "HmacSHA256");
    }

    /** What a valid click id says. */
    public record Click(String offerId, Instant issuedAt) {
    }

    String issue(String offerId, Instant now) {
        byte[] nonce = new byte[9];
        random.nextBytes(nonce);
        String body = offerId + "." + now.getEpochSecond() + "." + ENCODER.encodeToString(nonce);
        return body + "." + ENCODER.encodeToString(mac(body));
    }

    /** The click this id names, when it is one this platform issued; empty for anything else. */
    public Optional<Click> verify(String clickId) {
        if (clickId == null || clickId.length() > 200) {
            return Optional.empty();
        }
        int last = clickId.lastIndexOf('.');
        String[] parts = clickId.split("\\.", -1);
        if (last < 0 || parts.length != 4) {
            return Optional.empty();
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(parts[3]);
        }
        catch (IllegalArgumentException ex) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(given, mac(clickId.substring(0, last)))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Click(parts[0], Instant.ofEpochSecond(Long.parseLong(parts[1]))));
        }
        catch (NumberFormatException ex) {
            return Optional.empty();
        }
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
            return java.util.Arrays.copyOf(full, MAC_BYTES);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
