package com.cityexplorer.gateway.balancing;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.http.HttpStatusCode;

/**
 * Feeds {@link InstanceStatistics} and {@link OutlierEjection} from the gateway's load-balancer filter
 * ({@link BalancedRouting}), which calls {@code onStartRequest} once an instance is chosen and {@code onComplete} when
 * the exchange has been answered. The request data's attributes are the exchange's own attribute map
 * (the filter passes {@code exchange.getAttributes()}, as Spring's does), so what is put there here
 * is seen by the retry filter and by {@link BalancedExchangeFilter}.
 */
final class BalancingLifecycle implements LoadBalancerLifecycle<RequestDataContext, ResponseData, ServiceInstance> {

    /** Exchange attribute: the {@link InstanceStatistics.Lease} of the request in flight. */
    static final String LEASE = BalancingLifecycle.class.getName() + ".LEASE";

    private static final Log log = LogFactory.getLog(BalancingLifecycle.class);

    private final InstanceStatistics statistics;
    private final OutlierEjection ejection;
    private final MeterRegistry meters;

    BalancingLifecycle(InstanceStatistics statistics, OutlierEjection ejection) {
        this(statistics, ejection, null);
    }

    /** With {@code meters}, ejections are counted ({@code gateway.balancer.ejections}, by service and instance). */
    BalancingLifecycle(InstanceStatistics statistics, OutlierEjection ejection, MeterRegistry meters) {
        this.statistics = statistics;
        this.ejection = ejection;
        this.meters = meters;
    }

    @Override
    public boolean supports(Class requestContextClass, Class responseClass, Class serverTypeClass) {
        return RequestDataContext.class.isAssignableFrom(requestContextClass)
                && ResponseData.class.isAssignableFrom(responseClass)
                && ServiceInstance.class.isAssignableFrom(serverTypeClass);
    }

    @Override
    public void onStart(Request<RequestDataContext> request) {
    }

    @Override
    public void onStartRequest(Request<RequestDataContext> request, Response<ServiceInstance> response) {
        Map<String, Object> attributes = attributes(request);
        if (attributes == null || !response.hasServer()) {
            return;
        }
        String key = BalancedInstances.key(response.getServer());
        BalancedInstances.markTried(attributes, key);
        Object previous = attributes.put(LEASE, statistics.start(key));
        if (previous instanceof InstanceStatistics.Lease lease) {
            // Not completed by the filter (a retry re-entered it without completing): do not leak it.
            statistics.finish(lease, false);
        }
    }

    @Override
    public void onComplete(CompletionContext<ResponseData, ServiceInstance, RequestDataContext> completion) {
        Map<String, Object> attributes = attributes(completion.getLoadBalancerRequest());
        if (attributes == null || !(attributes.remove(LEASE) instanceof InstanceStatistics.Lease lease)) {
            return;
        }
        boolean failed = failed(completion);
        if (!statistics.finish(lease, !failed) || completion.status() == CompletionContext.Status.DISCARD) {
            return;
        }
        if (failed) {
            if (ejection.failed(lease.key)) {
                if (meters != null) {
                    meters.counter("gateway.balancer.ejections", "service", BalancedInstances.serviceId(lease.key),
                            "instance", BalancedInstances.address(lease.key)).increment();
                }
                log.warn("Ejected " + lease.key + " after consecutive failures (last: "
                        + (completion.getThrowable() != null ? completion.getThrowable().toString() : status(completion)) + ")");
            }
        }
        else {
            ejection.succeeded(lease.key);
        }
    }

    /** Connect errors and timeouts fail the exchange; 502, 503 and 504 are the instance's own "cannot serve". */
    static boolean failed(CompletionContext<ResponseData, ServiceInstance, RequestDataContext> completion) {
        if (completion.status() == CompletionContext.Status.FAILED) {
            return true;
        }
        HttpStatusCode status = status(completion);
        return status != null && (status.value() == 502 || status.value() == 503 || status.value() == 504);
    }

    private static HttpStatusCode status(CompletionContext<ResponseData, ServiceInstance, RequestDataContext> completion) {
        ResponseData response = completion.getClientResponse();
        return response == null ? null : response.getHttpStatus();
    }

    private static Map<String, Object> attributes(Request<RequestDataContext> request) {
        if (request == null || request.getContext() == null || request.getContext().getClientRequest() == null) {
            return null;
        }
        return request.getContext().getClientRequest().getAttributes();
    }
}
