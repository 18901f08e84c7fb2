package com.cityexplorer.gateway.balancing;

import org.springframework.cloud.client.loadbalancer.RequestData;

import com.cityexplorer.gateway.edge.ClientAddress;

/**
 * What a consistent-hash service hashes: a request header ({@code header:X-Client-Id}) or, by default
 * and whenever that header is missing, the client's address.
 */
record HashKey(String header) {

    static final String CLIENT_ADDRESS = "client-address";

    static HashKey parse(String value) {
        if (value == null || value.isBlank() || value.equals(CLIENT_ADDRESS)) {
            return new HashKey(null);
        }
        if (value.startsWith("header:") && value.length() > "header:".length()) {
            return new HashKey(value.substring("header:".length()).trim());
        }
        throw new IllegalArgumentException("hash-key must be 'client-address' or 'header:<name>', not '" + value + "'");
    }

    /** The value to hash, or null when the request carries neither the header nor a client address. */
    String of(RequestData request) {
        if (header != null) {
            String value = request.getHeaders().getFirst(header);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        Object address = request.getAttributes().get(ClientAddress.ATTRIBUTE);
        return address == null ? null : address.toString();
    }
}
