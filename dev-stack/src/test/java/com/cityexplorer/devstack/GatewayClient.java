package com.cityexplorer.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the end-to-end tests send through a gateway: JSON, optionally as a signed-in client. */
final class GatewayClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    HttpResponse<String> send(String gateway, String method, String path, String token, String json) throws Exception {
        return send(gateway, method, path, token, json, java.util.Map.of());
    }

    /** As {@link #send(String, String, String, String, String)}, with more headers; redirects are not followed. */
    HttpResponse<String> send(String gateway, String method, String path, String token, String json, java.util.Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
