package com.cityexplorer.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/** Load is only ever sent to this machine. */
final class Loopback {

    private Loopback() {
    }

    static String only(String url) {
        return only("gateway.url", url);
    }

    /** {@code url} if it points to this machine; {@code property} names where it came from, for the refusal. */
    static String only(String property, String url) {
        String host = URI.create(url).getHost();
        try {
            if (host != null && InetAddress.getByName(host).isLoopbackAddress()) {
                return url;
            }
        }
        catch (UnknownHostException e) {
            // falls through to the refusal below
        }
        throw new IllegalArgumentException(property + " must point to a loopback address (localhost, 127.0.0.1): " + url);
    }
}
