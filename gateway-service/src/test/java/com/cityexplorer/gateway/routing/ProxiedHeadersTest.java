package com.cityexplorer.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.GRPCResponseHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter.Type;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TransferEncodingNormalizationHeadersFilter;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merged pass gives exactly what Spring Cloud Gateway's own header filters give one after the other, on
 * requests and on responses, with their settings.
 */
class ProxiedHeadersTest {

    /** Spring Cloud Gateway's filters as its auto-configuration declares them without trusted proxies, plus one of ours. */
    static List<HttpHeadersFilter> springFilters(RemoveHopByHopHeadersFilter hopByHop) {
        List<HttpHeadersFilter> filters = new ArrayList<>(List.of(new RemoveForwardedHeadersFilter(),
                new RemoveXForwardedHeadersFilter(), new GRPCResponseHeadersFilter(), hopByHop,
                new TransferEncodingNormalizationHeadersFilter(), new GRPCRequestHeadersFilter(), new StampingFilter()));
        AnnotationAwareOrderComparator.sort(filters);
        return List.copyOf(filters);
    }

    static List<HttpHeaders> requests() {
        return List.of(
                headers("Host", "gateway.example", "Accept", "application/json", "X-Request-Id", "r-1"),
                headers("Host", "gateway.example", "Connection", "keep-alive, X-Hop-Custom", "X-Hop-Custom", "secret",
                        "Keep-Alive", "timeout=5", "Proxy-Authorization", "Basic abc", "TE", "trailers", "Upgrade", "h2c",
                        "Forwarded", "for=203.0.113.9", "X-Forwarded-For", "203.0.113.9", "x-forwarded-host", "evil.example",
                        "X-Forwarded", "not a forwarded-* header", "Accept", "text/html", "accept", "application/json",
                        "Cookie", "a=1"),
                headers("Transfer-Encoding", " Chunked ", "Content-Length", "12", "Content-Type", "application/json"),
                headers("Transfer-Encoding", "gzip, chunked", "Content-Length", "12"),
                headers("Content-Type", "application/grpc+proto", "TE", "trailers"));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestHeadersAreThoseOfSpringsFilters(HttpHeaders request) {
        List<HttpHeadersFilter> spring = springFilters(new RemoveHopByHopHeadersFilter());

        assertThat(asMap(HttpHeadersFilter.filterRequest(ProxiedHeaders.inPlaceOfMerged(spring), exchange(request))))
            .isEqualTo(asMap(HttpHeadersFilter.filterRequest(spring, exchange(request))));
    }

    @Test
    void requestsKeepWhatTheClientMaySendAndLoseTheRest() {
        HttpHeaders forwarded = HttpHeadersFilter.filterRequest(
                ProxiedHeaders.inPlaceOfMerged(springFilters(new RemoveHopByHopHeadersFilter())), exchange(requests().get(1)));

        assertThat(asMap(forwarded)).containsOnlyKeys("host", "accept", "cookie", "x-forwarded", "x-stamp");
        assertThat(forwarded.get("Accept")).containsExactly("text/html", "application/json");
    }

    @Test
    void theHopByHopFiltersOwnListIsUsed() {
        RemoveHopByHopHeadersFilter hopByHop = new RemoveHopByHopHeadersFilter();
        hopByHop.setHeaders(Set.of("X-Internal-Only", "Connection"));
        List<HttpHeadersFilter> spring = springFilters(hopByHop);
        HttpHeaders request = headers("X-Internal-Only", "1", "Keep-Alive", "timeout=5", "Connection", "close");

        HttpHeaders forwarded = HttpHeadersFilter.filterRequest(ProxiedHeaders.inPlaceOfMerged(spring), exchange(request));

        assertThat(asMap(forwarded)).isEqualTo(asMap(HttpHeadersFilter.filterRequest(spring, exchange(request))))
            .containsOnlyKeys("keep-alive", "x-stamp");
    }

    @Test
    void responseHeadersAreThoseOfSpringsFiltersAndAreNotCopied() {
        List<HttpHeadersFilter> spring = springFilters(new RemoveHopByHopHeadersFilter());
        HttpHeaders expected = HttpHeadersFilter.filter(spring, response(), exchange(new HttpHeaders()), Type.RESPONSE);
        HttpHeaders response = response();

        HttpHeaders filtered = HttpHeadersFilter.filter(ProxiedHeaders.inPlaceOfMerged(spring), response,
                exchange(new HttpHeaders()), Type.RESPONSE);

        assertThat(asMap(filtered)).isEqualTo(asMap(expected)).containsOnlyKeys("content-type", "etag", "content-length");
        assertThat(filtered).isSameAs(response);
    }

    @Test
    void readOnlyResponseHeadersAreCopiedAndLeftAsTheyWere() {
        HttpHeaders readOnly = HttpHeaders.readOnlyHttpHeaders(response());

        HttpHeaders filtered = HttpHeadersFilter.filter(ProxiedHeaders.inPlaceOfMerged(
                springFilters(new RemoveHopByHopHeadersFilter())), readOnly, exchange(new HttpHeaders()), Type.RESPONSE);

        assertThat(asMap(filtered)).containsOnlyKeys("content-type", "etag", "content-length");
        assertThat(asMap(readOnly)).isEqualTo(asMap(response()));
    }

    @Test
    void onlySpringsOwnClassesAreMergedAndTheOthersKeepTheirPlace() {
        RemoveHopByHopHeadersFilter customised = new RemoveHopByHopHeadersFilter() {
        };
        List<HttpHeadersFilter> filters = springFilters(customised);

        List<HttpHeadersFilter> compacted = ProxiedHeaders.inPlaceOfMerged(filters);

        assertThat(compacted).contains(customised).hasOnlyElementsOfTypes(ProxiedHeaders.class,
                RemoveHopByHopHeadersFilter.class, GRPCResponseHeadersFilter.class, StampingFilter.class);
        assertThat(compacted.getLast()).isInstanceOf(StampingFilter.class);
        List<HttpHeadersFilter> withoutAny = List.of(new StampingFilter());
        assertThat(ProxiedHeaders.inPlaceOfMerged(withoutAny)).isSameAs(withoutAny);
    }

    private static HttpHeaders response() {
        return headers("Content-Type", "application/json", "ETag", "\"1\"", "Connection", "X-Upstream-Hop",
                "X-Upstream-Hop", "1", "Keep-Alive", "timeout=5", "Transfer-Encoding", "chunked", "Content-Length", "2");
    }

    private static ServerWebExchange exchange(HttpHeaders request) {
        return MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/reviews").headers(request));
    }

    private static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders headers = new HttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    /** Lower-case names, values in order: what the service receives, whatever the spelling. */
    private static Map<String, List<String>> asMap(HttpHeaders headers) {
        Map<String, List<String>> map = new TreeMap<>();
        headers.forEach((name, values) -> map.computeIfAbsent(name.toLowerCase(), key -> new ArrayList<>()).addAll(values));
        return map;
    }

    /** Stands for the filters after the merged ones (RequestIdForwarding): must still see and change the headers. */
    static final class StampingFilter implements HttpHeadersFilter, org.springframework.core.Ordered {

        @Override
        public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
            HttpHeaders copy = new HttpHeaders();
            copy.addAll(input);
            copy.set("X-Stamp", String.valueOf(input.size()));
            return copy;
        }

        @Override
        public int getOrder() {
            return org.springframework.core.Ordered.LOWEST_PRECEDENCE;
        }
    }
}
