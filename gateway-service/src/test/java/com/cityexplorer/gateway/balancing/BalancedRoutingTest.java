package com.cityexplorer.gateway.balancing;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** The instance URL {@link BalancedRouting} sends a request to (routing itself: GatewayRoutingTest, LoadBalancingDistributionTest). */
class BalancedRoutingTest {

    @Test
    void keepsThePathAndQueryAsTheClientEncodedThem() {
        URI requested = URI.create("http://gateway.example/api/v1/places/caf%C3%A9%2Fbar?q=s%C3%A3o%20pa&page=2&x=a%2Bb");

        URI url = BalancedRouting.urlOf(new DefaultServiceInstance(null, "place-service", "10.0.0.5", 8083, false), requested);

        assertThat(url).hasToString("http://10.0.0.5:8083/api/v1/places/caf%C3%A9%2Fbar?q=s%C3%A3o%20pa&page=2&x=a%2Bb");
        assertThat(url.getRawPath()).isEqualTo(requested.getRawPath());
        assertThat(url.getRawQuery()).isEqualTo(requested.getRawQuery());
    }

    @Test
    void writesAnIpv6AddressInBracketsAndASecureInstanceWithHttps() {
        URI requested = URI.create("http://gateway.example/api/v1/cities");

        assertThat(BalancedRouting.urlOf(new DefaultServiceInstance(null, "city-service", "fd00::7", 8082, false), requested))
            .hasToString("http://[fd00::7]:8082/api/v1/cities")
            .extracting(URI::getHost).isEqualTo("[fd00::7]");
        assertThat(BalancedRouting.urlOf(new DefaultServiceInstance(null, "city-service", "city.internal", -1, true, Map.of()), requested))
            .hasToString("https://city.internal:443/api/v1/cities");
    }

    @Test
    void sendsARequestWithoutAQueryWithoutOne() {
        URI url = BalancedRouting.urlOf(new DefaultServiceInstance(null, "user-service", "10.0.0.9", 8081, false),
                URI.create("http://gateway.example/api/v1/users/me"));

        assertThat(url.getRawQuery()).isNull();
        assertThat(url).hasToString("http://10.0.0.9:8081/api/v1/users/me");
    }
}
