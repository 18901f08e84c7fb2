package com.cityexplorer.gateway.balancing;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycleValidator;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.core.Ordered;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

/**
 * Sends a request on a route to {@code lb://service} to an instance the service's balancer chooses: what Spring Cloud
 * Gateway's {@link RouteToRequestUrlFilter} and {@link ReactiveLoadBalancerClientFilter} do together, with less work
 * per request (together about 6 % of the gateway's CPU samples per proxied read, docs/performance.md). It takes
 * the place of the first ({@code global-filter.route-to-request-url.enabled=false}); the second stays, and lets the
 * instance's URL this one sets pass. The differences:
 * <ul>
 * <li>the instance's URL is written once, from the request's encoded path and query, instead of an {@code lb://} URL
 * being merged by one {@code UriComponentsBuilder} (after a regular expression over the route's URI) and the
 * instance's by another;</li>
 * <li>the service's balancer, its lifecycles (filtered by type) and its hint are looked up once, not per request;</li>
 * <li>the balancer's request and response data carry no cookies (Spring's parses them, twice per request): no balancer
 * or lifecycle here reads them.</li>
 * </ul>
 * The lifecycle calls, the exchange attributes and the 503 when a service has no instance are Spring's. Routes to
 * other schemes go through Spring's {@link RouteToRequestUrlFilter} unchanged.
 */
@SuppressWarnings({ "rawtypes", "unchecked" }) // Spring's lifecycle beans are generic; the validator checks their types.
final class BalancedRouting implements GlobalFilter, Ordered {

    private static final MultiValueMap<String, String> NO_COOKIES = CollectionUtils.unmodifiableMultiValueMap(new LinkedMultiValueMap<>());
    private static final MultiValueMap<String, ResponseCookie> NO_RESPONSE_COOKIES =
            CollectionUtils.unmodifiableMultiValueMap(new LinkedMultiValueMap<>());

    private final RouteToRequestUrlFilter otherRoutes = new RouteToRequestUrlFilter();
    private final LoadBalancerClientFactory clientFactory;
    private final boolean use404;
    private final Map<String, BalancedService> services = new ConcurrentHashMap<>();

    BalancedRouting(LoadBalancerClientFactory clientFactory, boolean use404) {
        this.clientFactory = clientFactory;
        this.use404 = use404;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        URI routeUri = route == null ? null : route.getUri();
        if (routeUri == null || !"lb".equals(routeUri.getScheme()) || routeUri.getHost() == null) {
            return otherRoutes.filter(exchange, chain);
        }
        BalancedService service = service(routeUri.getHost());
        ServerHttpRequest request = exchange.getRequest();
        DefaultRequest<RequestDataContext> balancing = new DefaultRequest<>(new RequestDataContext(
                new RequestData(request.getMethod(), request.getURI(), request.getHeaders(), NO_COOKIES, exchange.getAttributes()),
                service.hint()));
        service.lifecycles().forEach(lifecycle -> lifecycle.onStart(balancing));
        return service.balancer().choose(balancing).doOnNext(chosen -> {
            if (!chosen.hasServer()) {
                service.lifecycles().forEach(lifecycle -> lifecycle.onComplete(
                        new CompletionContext<>(CompletionContext.Status.DISCARD, balancing, chosen)));
                throw NotFoundException.create(use404, "Unable to find instance for " + service.id());
            }
            exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, urlOf(chosen.getServer(), request.getURI()));
            exchange.getAttributes().put(GATEWAY_LOADBALANCER_RESPONSE_ATTR, chosen);
            service.lifecycles().forEach(lifecycle -> lifecycle.onStartRequest(balancing, chosen));
        })
            .then(chain.filter(exchange))
            .doOnError(failure -> service.lifecycles().forEach(lifecycle -> lifecycle.onComplete(
                    new CompletionContext<ResponseData, ServiceInstance, RequestDataContext>(CompletionContext.Status.FAILED,
                            failure, balancing, exchange.getAttribute(GATEWAY_LOADBALANCER_RESPONSE_ATTR)))))
            .doOnSuccess(done -> service.lifecycles().forEach(lifecycle -> lifecycle.onComplete(
                    new CompletionContext<ResponseData, ServiceInstance, RequestDataContext>(CompletionContext.Status.SUCCESS,
                            balancing, exchange.getAttribute(GATEWAY_LOADBALANCER_RESPONSE_ATTR),
                            responseData(exchange.getResponse(), balancing)))));
    }

    /** The instance's URL for the requested path and query, both as the client encoded them. */
    static URI urlOf(ServiceInstance instance, URI requested) {
        boolean secure = instance.isSecure();
        String host = instance.getHost();
        StringBuilder url = new StringBuilder(96).append(secure ? "https://" : "http://");
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            url.append('[').append(host).append(']');
        }
        else {
            url.append(host);
        }
        url.append(':').append(instance.getPort() >= 0 ? instance.getPort() : secure ? 443 : 80);
        String path = requested.getRawPath();
        if (path != null) {
            url.append(path);
        }
        String query = requested.getRawQuery();
        if (query != null) {
            url.append('?').append(query);
        }
        return URI.create(url.toString());
    }

    private static ResponseData responseData(ServerHttpResponse response, DefaultRequest<RequestDataContext> balancing) {
        return new ResponseData(response.getStatusCode(), response.getHeaders(), NO_RESPONSE_COOKIES,
                balancing.getContext().getClientRequest());
    }

    private BalancedService service(String serviceId) {
        BalancedService service = services.get(serviceId);
        if (service != null) {
            return service;
        }
        ReactorServiceInstanceLoadBalancer balancer = clientFactory.getInstance(serviceId, ReactorServiceInstanceLoadBalancer.class);
        if (balancer == null) {
            throw new NotFoundException("No loadbalancer available for " + serviceId);
        }
        List<LoadBalancerLifecycle> lifecycles = List.copyOf(LoadBalancerLifecycleValidator.getSupportedLifecycleProcessors(
                clientFactory.getInstances(serviceId, LoadBalancerLifecycle.class), RequestDataContext.class, ResponseData.class,
                ServiceInstance.class));
        Map<String, String> hints = clientFactory.getProperties(serviceId).getHint();
        String hint = hints.getOrDefault(serviceId, hints.getOrDefault("default", "default"));
        service = new BalancedService(serviceId, balancer, lifecycles, hint);
        services.putIfAbsent(serviceId, service);
        return service;
    }

    @Override
    public int getOrder() {
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER;
    }

    private record BalancedService(String id, ReactorServiceInstanceLoadBalancer balancer,
            List<LoadBalancerLifecycle> lifecycles, String hint) {
    }
}
