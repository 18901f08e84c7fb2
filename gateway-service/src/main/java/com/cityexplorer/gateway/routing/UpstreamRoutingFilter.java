package com.cityexplorer.gateway.routing;

import java.util.List;

import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Cloud Gateway's routing filter (it proxies the request to the chosen instance), without two costs it
 * has on every request: the request's headers are cleaned up in one copy ({@link ProxiedHeaders}) instead of
 * four, and a route without a {@code connect-timeout} of its own uses the shared HTTP client as it is, which
 * already has {@code httpclient.connect-timeout} (Spring's copies the client's configuration per request to set
 * the same value again). Everything else is Spring's. Replaces it (switched off with
 * {@code spring.cloud.gateway.server.webflux.global-filter.netty-routing.enabled=false}): {@link UpstreamRouting}.
 */
class UpstreamRoutingFilter extends NettyRoutingFilter {

    private final HttpClient httpClient;
    private volatile List<HttpHeadersFilter> headersFilters;

    UpstreamRoutingFilter(HttpClient httpClient, ObjectProvider<List<HttpHeadersFilter>> headersFilters,
            HttpClientProperties properties) {
        super(httpClient, headersFilters, properties);
        this.httpClient = httpClient;
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
