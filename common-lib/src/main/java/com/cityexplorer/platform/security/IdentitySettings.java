package com.cityexplorer.platform.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service checks the identity the gateway signs ({@code city-explorer.identity.*}).
 *
 * @param verificationKeys the gateway's public EC keys (base64 X.509, PEM armour optional); more than
 *        one while a key is being rotated. From {@code CITY_EXPLORER_IDENTITY_VERIFICATION_KEYS}.
 * @param clockSkew how far the clocks of gateway and service may disagree
 */
@ConfigurationProperties("city-explorer.identity")
public record IdentitySettings(List<String> verificationKeys, @DefaultValue("5s") Duration clockSkew) {

    public IdentitySettings {
        verificationKeys = verificationKeys == null ? List.of()
                : verificationKeys.stream().filter(key -> key != null && !key.isBlank()).toList();
    }
}
