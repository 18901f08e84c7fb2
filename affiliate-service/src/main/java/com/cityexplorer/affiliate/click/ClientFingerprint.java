package com.cityexplorer.affiliate.click;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who clicked, as far as counting repeats needs: a hash of the client's address and user agent. The
 * address is the last {@code X-Forwarded-For} entry, the one the gateway appended from the connection it
 * accepted (entries before it are whatever the client claimed), or the connection's own address.
 */
final class ClientFingerprint {

    private ClientFingerprint() {
    }

    static String of(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        String address = request.getRemoteAddr();
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            address = hops[hops.length - 1].strip();
        }
        String agent = request.getHeader("User-Agent");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((address + "\n" + (agent == null ? "" : agent))
                .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
