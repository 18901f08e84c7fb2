package com.cityexplorer.gateway.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory.RetryConfig;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.isAlreadyRouted;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.setAlreadyRouted;

/**
 * The retry decisions of {@code BudgetedRetry}, as the gateway configures it (retries 2, GET and HEAD, 502 and 503,
 * Spring's default exceptions), against a scripted upstream: what is retried, how often, what is final, and what the
 * budget stops. {@code UpstreamResilienceTest} checks the same filter end to end with real instances.
 */
class BudgetedRetryTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aSafeRequestAnswered502Or503IsTriedAgainOnAFreshlyResetExchangeUntilAnotherAnswers() {
        ScriptedUpstream upstream = new ScriptedUpstream(503, 502, 200);
        ServerWebExchange exchange = get();

        retry(0.2, 5).filter(exchange, upstream).block();

        assertThat(upstream.attempts).isEqualTo(3);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(upstream.startedRouted).as("each attempt starts with the request not yet routed").containsOnly(false);
        assertThat(upstream.startedWithUpstreamHeader).as("the failed answer's headers are removed before the next attempt").containsOnly(false);
        assertThat(retries("retried")).isEqualTo(2);
    }

    @Test
    void aRequestIsRetriedAtMostRetriesTimesAndThenKeepsTheLastAnswer() {
        ScriptedUpstream upstream = new ScriptedUpstream(503, 503, 503, 200);
        ServerWebExchange exchange = get();

        retry(0.2, 5).filter(exchange, upstream).block();

        assertThat(upstream.attempts).isEqualTo(3);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void aConnectionFailureOrAFailureItCausedIsRetried() {
        ScriptedUpstream refused = new ScriptedUpstream(new ConnectException("Connection refused"), 200);
        retry(0.2, 5).filter(get(), refused).block();
        assertThat(refused.attempts).isEqualTo(2);

        ScriptedUpstream wrapped = new ScriptedUpstream(new IllegalStateException(new IOException("Connection reset")), 200);
        retry(0.2, 5).filter(get(), wrapped).block();
        assertThat(wrapped.attempts).isEqualTo(2);
    }

    @Test
    void anUnsafeRequestIsSentOnceWhateverItsOutcome() {
        ScriptedUpstream answered503 = new ScriptedUpstream(503, 200);
        ServerWebExchange post = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/reviews"));
        post.getAttributes().put(GATEWAY_ROUTE_ATTR, ROUTE);
        retry(0.2, 5).filter(post, answered503).block();
        assertThat(answered503.attempts).isEqualTo(1);
        assertThat(post.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

        ScriptedUpstream dropped = new ScriptedUpstream(new IOException("Connection reset"), 200);
        ServerWebExchange anotherPost = MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.POST, "/api/v1/reviews"));
        anotherPost.getAttributes().put(GATEWAY_ROUTE_ATTR, ROUTE);
        assertThatThrownBy(() -> retry(0.2, 5).filter(anotherPost, dropped).block()).hasRootCauseInstanceOf(IOException.class);
        assertThat(dropped.attempts).isEqualTo(1);
        assertThat(retries("retried")).isZero();
    }

    @Test
    void otherFailuresOtherStatusesAndTheGatewaysOwnAnswersAreFinal() {
        ScriptedUpstream failing = new ScriptedUpstream(new IllegalStateException("not an I/O failure"), 200);
        assertThatThrownBy(() -> retry(0.2, 5).filter(get(), failing).block()).isInstanceOf(IllegalStateException.class);
        assertThat(failing.attempts).isEqualTo(1);

        ScriptedUpstream answered500 = new ScriptedUpstream(500, 200);
        retry(0.2, 5).filter(get(), answered500).block();
        assertThat(answered500.attempts).isEqualTo(1);

        ScriptedUpstream gatewaysOwn503 = new ScriptedUpstream(200);
        gatewaysOwn503.setsStatusWithoutAnUpstreamAnswer(HttpStatus.SERVICE_UNAVAILABLE);
        ServerWebExchange exchange = get();
        retry(0.2, 5).filter(exchange, gatewaysOwn503).block();
        assertThat(gatewaysOwn503.attempts).isEqualTo(1);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(retries("retried")).isZero();
    }

    @Test
    void aSpentBudgetStopsTheRetryAndIsCounted() {
        ScriptedUpstream upstream = new ScriptedUpstream(503, 200);
        ServerWebExchange exchange = get();

        retry(0, 0).filter(exchange, upstream).block();

        assertThat(upstream.attempts).isEqualTo(1);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(retries("budget-spent")).isEqualTo(1);
        assertThat(retries("retried")).isZero();
    }

    @Test
    void backoffJitterAndTimeoutAreRefusedAtStartUpRatherThanIgnored() {
        BudgetedRetryGatewayFilterFactory factory = new BudgetedRetryGatewayFilterFactory(new RetrySettings(0.2, 5), meters);
        assertThatIllegalArgumentException().isThrownBy(() -> factory.apply(gatewaysConfig().setBackoff(Duration.ofMillis(5), Duration.ofMillis(50), 2, true)));
        assertThatIllegalArgumentException().isThrownBy(() -> factory.apply(gatewaysConfig().setJitter(0.5)));
        assertThatIllegalArgumentException().isThrownBy(() -> factory.apply(gatewaysConfig().setTimeout(Duration.ofSeconds(1))));
    }

    private static final Route ROUTE = Route.async().id("place-api").uri("lb://place-service").predicate(exchange -> true).build();

    private GatewayFilter retry(double ratio, int minPerSecond) {
        return new BudgetedRetryGatewayFilterFactory(new RetrySettings(ratio, minPerSecond), meters).apply(gatewaysConfig());
    }

    /** As application.yml's default filter. */
    private static RetryConfig gatewaysConfig() {
        return new RetryConfig().setRetries(2).setMethods(HttpMethod.GET, HttpMethod.HEAD)
            .setStatuses(HttpStatus.BAD_GATEWAY, HttpStatus.SERVICE_UNAVAILABLE).setSeries();
    }

    private static ServerWebExchange get() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/places/paris-eiffel-tower"));
        exchange.getAttributes().put(GATEWAY_ROUTE_ATTR, ROUTE);
        return exchange;
    }

    private double retries(String outcome) {
        var counter = meters.find("gateway.retries").tags("route", "place-api", "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The rest of the chain: each attempt routes the request and gets the next scripted answer or failure. */
    static final class ScriptedUpstream implements GatewayFilterChain {

        private final Deque<Object> outcomes;
        private HttpStatus ownStatus;
        int attempts;
        final List<Boolean> startedRouted = new ArrayList<>();
        final List<Boolean> startedWithUpstreamHeader = new ArrayList<>();

        ScriptedUpstream(Object... outcomes) {
            this.outcomes = new ArrayDeque<>(List.of(outcomes));
        }

        void setsStatusWithoutAnUpstreamAnswer(HttpStatus status) {
            this.ownStatus = status;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange) {
            return Mono.defer(() -> {
                attempts++;
                startedRouted.add(isAlreadyRouted(exchange));
                startedWithUpstreamHeader.add(exchange.getResponse().getHeaders().containsHeader("X-Upstream"));
                if (ownStatus != null) {
                    exchange.getResponse().setStatusCode(ownStatus);
                    return Mono.empty();
                }
                setAlreadyRouted(exchange);
                Object outcome = outcomes.poll();
                if (outcome instanceof Throwable failure) {
                    return Mono.error(failure);
                }
                exchange.getAttributes().put(CLIENT_RESPONSE_ATTR, "answer " + attempts);
                exchange.getResponse().getHeaders().set("X-Upstream", String.valueOf(attempts));
                exchange.getAttributes().put(CLIENT_RESPONSE_HEADER_NAMES, Set.of("X-Upstream"));
                exchange.getResponse().setStatusCode(HttpStatus.valueOf((Integer) outcome));
                return Mono.empty();
            });
        }
    }
}
