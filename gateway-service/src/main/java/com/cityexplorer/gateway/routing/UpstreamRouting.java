package com.cityexplorer.gateway.routing;

import java.util.List;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link UpstreamRoutingFilter} in place of Spring Cloud Gateway's routing filter, which application.yml switches
 * off. Its response-writing filter is switched off with it, so it is declared here: {@link UpstreamResponseWriter},
 * which writes small answers with their headers in one go. The bean
 * names are Spring's: should both ever be on, the application fails to start rather than route twice. The HTTP
 * client is Spring Cloud Gateway's, built from the same properties, with its connections pooled per event loop
 * ({@link EventLoopConnectionPools}).
 */
@Configuration(proxyBeanMethods = false)
class UpstreamRouting {

    @Bean
    NettyRoutingFilter routingFilter(HttpClient httpClient, ObjectProvider<List<HttpHeadersFilter>> headersFilters,
            HttpClientProperties properties) {
        return new UpstreamRoutingFilter(httpClient, headersFilters, properties);
    }

    @Bean
    HttpClientFactory gatewayHttpClientFactory(HttpClientProperties properties, ServerProperties serverProperties,
            List<HttpClientCustomizer> customizers, HttpClientSslConfigurer sslConfigurer) {
        return new HttpClientFactory(properties, serverProperties, sslConfigurer, customizers) {
            @Override
            protected ConnectionProvider buildConnectionProvider(HttpClientProperties pool) {
                return EventLoopConnectionPools.perEventLoop(super.buildConnectionProvider(pool));
            }
        };
    }

    @Bean
    NettyWriteResponseFilter nettyWriteResponseFilter(GatewayProperties properties,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        return new UpstreamResponseWriter(properties.getStreamingMediaTypes(), headersFilters);
    }
}
