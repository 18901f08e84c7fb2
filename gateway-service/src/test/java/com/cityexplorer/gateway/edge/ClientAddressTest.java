package com.cityexplorer.gateway.edge;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which address a request is charged to: never one the client wrote into X-Forwarded-For itself, only what the
 * platform's own proxies appended (counted from the right), or the edge's own header when one is configured.
 */
class ClientAddressTest {

    static final InetSocketAddress NGINX = new InetSocketAddress("10.1.0.7", 50000);

    @Test
    void withoutTrustedProxiesTheConnectionsPeerIsTheClientWhateverXForwardedForSays() {
        assertThat(clientOf(new ClientAddressSettings(0, null), request().header("X-Forwarded-For", "203.0.113.9")))
            .isEqualTo("10.1.0.7");
    }

    @Test
    void behindOneProxyTheEntryItAppendedIsTheClientAndASpoofedPrefixIsIgnored() {
        ClientAddressSettings oneProxy = new ClientAddressSettings(1, null);

        assertThat(clientOf(oneProxy, request().header("X-Forwarded-For", "198.51.100.23"))).isEqualTo("198.51.100.23");
        assertThat(clientOf(oneProxy, request().header("X-Forwarded-For", "1.2.3.4, 198.51.100.23"))).isEqualTo("198.51.100.23");
    }

    @Test
    void behindALoadBalancerAndTheIngressTheSecondEntryFromTheRightIsTheClient() {
        assertThat(clientOf(new ClientAddressSettings(2, null), request().header("X-Forwarded-For", "6.6.6.6, 198.51.100.23, 10.0.3.17")))
            .isEqualTo("198.51.100.23");
    }

    @Test
    void theEdgesOwnHeaderWinsAndInvalidValuesFallBack() {
        ClientAddressSettings cloudFront = new ClientAddressSettings(3, "CloudFront-Viewer-Address");

        assertThat(clientOf(cloudFront, request().header("CloudFront-Viewer-Address", "198.51.100.23:46532")
            .header("X-Forwarded-For", "6.6.6.6, 198.51.100.24, 130.176.0.1, 10.0.3.17"))).isEqualTo("198.51.100.23");
        assertThat(clientOf(cloudFront, request().header("CloudFront-Viewer-Address", "[2001:db8::1]:46532")))
            .isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(clientOf(cloudFront, request().header("CloudFront-Viewer-Address", "not-an-address")
            .header("X-Forwarded-For", "198.51.100.24, 130.176.0.1, 10.0.3.17"))).isEqualTo("198.51.100.24");
        assertThat(ClientAddress.parse("example.com")).as("never resolved through DNS").isNull();
    }

    private static MockServerHttpRequest.BaseBuilder<?> request() {
        return MockServerHttpRequest.get("/api/v1/cities").remoteAddress(NGINX);
    }

    private static String clientOf(ClientAddressSettings settings, MockServerHttpRequest.BaseBuilder<?> request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        AtomicReference<ServerWebExchange> seen = new AtomicReference<>();
        new ClientAddress(settings).filter(exchange, filtered -> {
            seen.set(filtered);
            return Mono.empty();
        }).block();
        InetSocketAddress remote = seen.get().getRequest().getRemoteAddress();
        assertThat(seen.get().<String>getAttribute(ClientAddress.ATTRIBUTE)).isEqualTo(remote.getAddress().getHostAddress());
        return remote.getAddress().getHostAddress();
    }
}
