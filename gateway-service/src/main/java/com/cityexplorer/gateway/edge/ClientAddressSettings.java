package com.cityexplorer.gateway.edge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code city-explorer.gateway.client-address.*}: how the gateway tells which client a request comes from (rate
 * limits, the login throttle, consistent hashing, the access log). {@code X-Forwarded-For} is written by whoever sends
 * it, so only the entries the platform's own proxies appended are believed.
 *
 * @param trustedProxies how many proxies in front of the gateway append to {@code X-Forwarded-For} (ingress-nginx: 1;
 *        an AWS load balancer, then ingress-nginx: 2). The client is the entry that many places from the right. 0: the
 *        connection's peer (nothing in front, or docker-compose)
 * @param header a header carrying the client's address that the edge sets and overwrites, such as CloudFront's
 *        {@code CloudFront-Viewer-Address}; believed when present, before {@code X-Forwarded-For}. Only safe when every
 *        request comes through that edge (the load balancer checks CloudFront's origin header: terraform/modules/edge)
 */
@ConfigurationProperties("city-explorer.gateway.client-address")
record ClientAddressSettings(@DefaultValue("0") int trustedProxies, String header) {

    ClientAddressSettings {
        if (trustedProxies < 0) {
            throw new IllegalArgumentException("city-explorer.gateway.client-address.trusted-proxies must be 0 or more");
        }
    }
}
