package com.cityexplorer.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.ORIGINAL_RESPONSE_CONTENT_TYPE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.isAlreadyRouted;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.setAlreadyRouted;

/**
 * Spring Cloud Gateway's routing filter (it proxies the request to the chosen instance), doing the same with less
 * work per request; it replaces Spring's (switched off with
 * {@code spring.cloud.gateway.server.webflux.global-filter.netty-routing.enabled=false}, see {@link UpstreamRouting}).
 * Spring's {@link NettyRoutingFilter#filter} cannot be changed piecemeal, so {@link #filter} is its method with
 * these differences (docs/performance.md measures them):
 * <ul>
 * <li>the request's headers are cleaned up in one copy ({@link ProxiedHeaders}) instead of four, and that copy is
 * written straight into the upstream request, not copied twice more and set on a per-request copy of the client's
 * configuration;</li>
 * <li>the upstream URL is handed to reactor-netty as the {@link URI} the gateway already has, not as a string it
 * parses again with a regular expression;</li>
 * <li>the response timeout is one timer per request (a timeout on the single answer) instead of two;</li>
 * <li>the upstream answer is put in the exchange without also being emitted, only to be dropped again;</li>
 * <li>the response's headers are copied to the client's response without building two case-insensitive sets of their
 * names on the way (Spring's {@code HttpHeaders.addAll} and {@code headerNames()} build one each);</li>
 * <li>a route without a {@code connect-timeout} of its own uses the shared HTTP client as it is, which already has
 * {@code httpclient.connect-timeout} (Spring's copies the client's configuration per request to set it again).</li>
 * </ul>
 * Everything else (exchange attributes, status handling, the 504 for a timeout, the response-writing filter that
 * follows) is Spring's behaviour.
 */
class UpstreamRoutingFilter extends NettyRoutingFilter {

    private final HttpClient httpClient;
    private final HttpClientProperties properties;
    private volatile List<HttpHeadersFilter> headersFilters;

    UpstreamRoutingFilter(HttpClient httpClient, ObjectProvider<List<HttpHeadersFilter>> headersFilters,
            HttpClientProperties properties) {
        super(httpClient, headersFilters, properties);
        this.httpClient = httpClient;
        this.properties = properties;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI requestUrl = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
        String scheme = requestUrl.getScheme();
        if (isAlreadyRouted(exchange) || (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme))) {
            return chain.filter(exchange);
        }
        setAlreadyRouted(exchange);

        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders forwarded = HttpHeadersFilter.filterRequest(getHeadersFilters(), exchange);
        String preservedHost = exchange.getAttributeOrDefault(PRESERVE_HOST_HEADER_ATTRIBUTE, false)
                ? request.getHeaders().getFirst(HttpHeaders.HOST) : null;
        Route route = Objects.requireNonNull(exchange.getAttribute(GATEWAY_ROUTE_ATTR), "route must not be null");
        Mono<HttpClientResponse> response = getHttpClient(route, exchange)
            .request(io.netty.handler.codec.http.HttpMethod.valueOf(request.getMethod().name()))
            .uri(asciiOnly(requestUrl))
            .send((upstreamRequest, outbound) -> {
                io.netty.handler.codec.http.HttpHeaders upstreamHeaders = upstreamRequest.requestHeaders();
                // Set, not added: the client's headers replace reactor-netty's defaults (User-Agent, Accept), as in
                // Spring's filter. Host is reactor-netty's, from the URL, unless the route preserves the client's.
                for (Map.Entry<String, List<String>> header : forwarded.asMultiValueMap().entrySet()) {
                    if (!HttpHeaderNames.HOST.contentEqualsIgnoreCase(header.getKey())) {
                        upstreamHeaders.set(header.getKey(), header.getValue());
                    }
                }
                if (preservedHost != null) {
                    upstreamHeaders.set(HttpHeaderNames.HOST, preservedHost);
                }
                return outbound.send(request.getBody().map(this::getByteBuf));
            })
            .responseConnection((upstreamResponse, connection) -> {
                answerWith(upstreamResponse, connection, exchange);
                // The answer is in the exchange now. Emitted, it would only be dropped by then() below, which first
                // walks the whole subscriber chain for a discard hook (about 1.5 % of the gateway's CPU samples).
                return Mono.<HttpClientResponse>empty();
            })
            .doOnDiscard(Connection.class, Connection::dispose)
            // One answer, then completion; Mono's timeout runs one timer until then, Flux's one per element.
            .singleOrEmpty();
        Duration responseTimeout = responseTimeout(route);
        if (responseTimeout != null) {
            response = response
                .timeout(responseTimeout, Mono.error(() -> new TimeoutException("Response took longer than timeout: " + responseTimeout)))
                .onErrorMap(TimeoutException.class,
                        timeout -> new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, timeout.getMessage(), timeout));
        }
        return response.then(chain.filter(exchange));
    }

    private void answerWith(HttpClientResponse upstreamResponse, Connection connection, ServerWebExchange exchange) {
        exchange.getAttributes().put(CLIENT_RESPONSE_ATTR, upstreamResponse);
        exchange.getAttributes().put(CLIENT_RESPONSE_CONN_ATTR, connection);
        HttpHeaders headers = new HttpHeaders();
        for (Map.Entry<String, String> header : upstreamResponse.responseHeaders()) {
            headers.add(header.getKey(), header.getValue());
        }
        String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        if (StringUtils.hasLength(contentType)) {
            exchange.getAttributes().put(ORIGINAL_RESPONSE_CONTENT_TYPE_ATTR, contentType);
        }
        ServerHttpResponse response = exchange.getResponse();
        setStatus(response, upstreamResponse.status().code());
        HttpHeaders filtered = HttpHeadersFilter.filter(getHeadersFilters(), headers, exchange, HttpHeadersFilter.Type.RESPONSE);
        HttpHeaders responseHeaders = response.getHeaders();
        if (!filtered.containsHeader(HttpHeaders.TRANSFER_ENCODING) && filtered.containsHeader(HttpHeaders.CONTENT_LENGTH)) {
            responseHeaders.remove(HttpHeaders.TRANSFER_ENCODING);
        }
        // The map's own entries and key set: HttpHeaders' forEach and headerNames() build a case-insensitive name set each.
        Map<String, List<String>> byName = filtered.asMultiValueMap();
        exchange.getAttributes().put(CLIENT_RESPONSE_HEADER_NAMES, byName.keySet());
        for (Map.Entry<String, List<String>> header : byName.entrySet()) {
            responseHeaders.addAll(header.getKey(), header.getValue());
        }
    }

    /** As Spring's: a status it has no constant for is set raw on the response under any decorators. */
    private static void setStatus(ServerHttpResponse response, int code) {
        HttpStatus status = HttpStatus.resolve(code);
        if (status != null) {
            response.setStatusCode(status);
            return;
        }
        while (response instanceof ServerHttpResponseDecorator decorator) {
            response = decorator.getDelegate();
        }
        if (!(response instanceof AbstractServerHttpResponse raw)) {
            throw new IllegalStateException("Unable to set status code " + code + " on response of type " + response.getClass().getName());
        }
        raw.setRawStatusCode(code);
    }

    /** The URL as reactor-netty would send the string form: percent-encoded where it holds other than ASCII. */
    private static URI asciiOnly(URI url) {
        String ascii = url.toASCIIString();
        return ascii.equals(url.toString()) ? url : URI.create(ascii);
    }

    /** As Spring's: the route's {@code response-timeout} metadata (milliseconds, negative for none), else the client's. */
    private Duration responseTimeout(Route route) {
        Object millis = route.getMetadata().get(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR);
        if (millis != null) {
            try {
                long value = millis instanceof Number number ? number.longValue() : Long.parseLong(millis.toString());
                return value >= 0 ? Duration.ofMillis(value) : null;
            }
            catch (NumberFormatException notANumber) {
                // Spring ignores a malformed value too, and falls back to the client's timeout.
            }
        }
        return properties.getResponseTimeout();
    }

    @Override
    public List<HttpHeadersFilter> getHeadersFilters() {
        List<HttpHeadersFilter> filters = headersFilters;
        if (filters == null) {
            List<HttpHeadersFilter> all = super.getHeadersFilters();
            filters = all == null ? List.of() : ProxiedHeaders.inPlaceOfMerged(all);
            headersFilters = filters;
        }
        return filters;
    }

    @Override
    protected HttpClient getHttpClient(Route route, ServerWebExchange exchange) {
        return route.getMetadata().containsKey(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR)
                ? super.getHttpClient(route, exchange) : httpClient;
    }
}
