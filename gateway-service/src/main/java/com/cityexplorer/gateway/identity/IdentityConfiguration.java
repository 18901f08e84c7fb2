package com.cityexplorer.gateway.identity;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayIdentitySettings.class)
class IdentityConfiguration {
}
