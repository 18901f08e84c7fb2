package com.cityexplorer.gateway.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TransferEncodingNormalizationHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Cloud Gateway's clean-up of the headers a request is proxied with, done in one copy instead of four.
 * Its filters each copy every header into a new map (and build a case-insensitive set of the names to do so):
 * {@link RemoveForwardedHeadersFilter}, {@link RemoveXForwardedHeadersFilter}, {@link RemoveHopByHopHeadersFilter}
 * and {@link GRPCRequestHeadersFilter}; with the hop-by-hop filter's copy of every response's headers they were
 * about 7% of the gateway's CPU per proxied read (docs/performance.md). This one does what those that are
 * present do (and {@link TransferEncodingNormalizationHeadersFilter}'s work), with their settings (the hop-by-hop
 * list is the filter's own), and {@link UpstreamRoutingFilter} puts it in their place; any other headers filter
 * runs as before. No library offers the merged pass, hence by hand.
 * <p>
 * Responses: the hop-by-hop headers are removed from the copy the routing filter has just made, in place,
 * rather than by copying it once more.
 */
final class ProxiedHeaders implements HttpHeadersFilter {

    private static final Set<Class<?>> MERGED = Set.of(RemoveForwardedHeadersFilter.class,
            RemoveXForwardedHeadersFilter.class, RemoveHopByHopHeadersFilter.class, GRPCRequestHeadersFilter.class,
            TransferEncodingNormalizationHeadersFilter.class);

    /** Request headers are copied, response headers changed where they are (one instance of each). */
    private final Type type;
    private final boolean removeForwarded;
    private final boolean removeXForwarded;
    private final boolean normalizeTransferEncoding;
    private final boolean grpc;
    /** Lower case; null without the hop-by-hop filter. */
    private final Set<String> hopByHop;

    private ProxiedHeaders(Type type, List<HttpHeadersFilter> merged) {
        this.type = type;
        this.removeForwarded = merged.stream().anyMatch(RemoveForwardedHeadersFilter.class::isInstance);
        this.removeXForwarded = merged.stream().anyMatch(RemoveXForwardedHeadersFilter.class::isInstance);
        this.normalizeTransferEncoding = merged.stream().anyMatch(TransferEncodingNormalizationHeadersFilter.class::isInstance);
        this.grpc = merged.stream().anyMatch(GRPCRequestHeadersFilter.class::isInstance);
        this.hopByHop = merged.stream().filter(RemoveHopByHopHeadersFilter.class::isInstance)
            .map(filter -> Set.copyOf(((RemoveHopByHopHeadersFilter) filter).getHeaders()))
            .findFirst().orElse(null);
    }

    /**
     * {@code filters} (in their order) with those this one does in its place, where the first of them was;
     * the others (subclasses of those included) are kept as they are.
     */
    static List<HttpHeadersFilter> inPlaceOfMerged(List<HttpHeadersFilter> filters) {
        List<HttpHeadersFilter> merged = filters.stream().filter(filter -> MERGED.contains(filter.getClass())).toList();
        if (merged.isEmpty()) {
            return filters;
        }
        List<HttpHeadersFilter> result = new ArrayList<>(filters.size() - merged.size() + 1);
        for (HttpHeadersFilter filter : filters) {
            if (filter == merged.getFirst()) {
                result.add(new ProxiedHeaders(Type.REQUEST, merged));
                ProxiedHeaders responses = new ProxiedHeaders(Type.RESPONSE, merged);
                if (responses.hopByHop != null) {
                    result.add(responses);
                }
            }
            else if (!merged.contains(filter)) {
                result.add(filter);
            }
        }
        return List.copyOf(result);
    }

    @Override
    public boolean supports(Type type) {
        return type == this.type;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        return type == Type.REQUEST ? request(input) : response(input);
    }

    private HttpHeaders request(HttpHeaders input) {
        Set<String> removed = withConnectionOptions(input);
        boolean dropContentLength = normalizeTransferEncoding && input.containsHeader(HttpHeaders.CONTENT_LENGTH)
                && "chunked".equalsIgnoreCase(StringUtils.trimWhitespace(input.getFirst(HttpHeaders.TRANSFER_ENCODING)));
        HttpHeaders forwarded = new HttpHeaders();
        for (Map.Entry<String, List<String>> header : input.headerSet()) {
            String name = header.getKey();
            String lowerCase = name.toLowerCase(Locale.ROOT);
            boolean drop = (removed != null && removed.contains(lowerCase))
                    || (removeForwarded && lowerCase.equals("forwarded"))
                    || (removeXForwarded && lowerCase.startsWith("x-forwarded-"))
                    || (dropContentLength && lowerCase.equals("content-length"));
            if (!drop) {
                forwarded.addAll(name, header.getValue());
            }
        }
        if (grpc && StringUtils.startsWithIgnoreCase(input.getFirst(HttpHeaders.CONTENT_TYPE), "application/grpc")) {
            forwarded.add("te", "trailers");
        }
        return forwarded;
    }

    private HttpHeaders response(HttpHeaders input) {
        Set<String> removed = withConnectionOptions(input);
        if (removed == null) {
            return input;
        }
        try {
            removed.forEach(input::remove);
            return input;
        }
        catch (UnsupportedOperationException readOnly) {
            HttpHeaders copy = new HttpHeaders();
            copy.addAll(input);
            removed.forEach(copy::remove);
            return copy;
        }
    }

    /** The hop-by-hop headers and those the {@code Connection} header names; null without the hop-by-hop filter. */
    private Set<String> withConnectionOptions(HttpHeaders headers) {
        if (hopByHop == null) {
            return null;
        }
        List<String> connection = headers.getConnection();
        if (connection.isEmpty()) {
            return hopByHop;
        }
        Set<String> removed = new HashSet<>(hopByHop);
        connection.forEach(option -> removed.add(option.toLowerCase(Locale.ROOT)));
        return removed;
    }
}
