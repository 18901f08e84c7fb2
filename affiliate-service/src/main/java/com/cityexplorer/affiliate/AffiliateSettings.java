package com.cityexplorer.affiliate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * affiliate-service's settings. The two keys come from the environment and have no default: without
 * them the service does not start (a made-up default would encrypt partners' secrets with a key
 * anyone can read in the source).
 *
 * @param secretEncryptionKey base64 of 32 random bytes: encrypts partners' webhook secrets at rest
 *        (AES-256-GCM); {@code CITY_EXPLORER_AFFILIATE_SECRET_ENCRYPTION_KEY}
 * @param clickSigningKey base64 of at least 32 random bytes: signs click ids (HMAC-SHA256), so a
 *        conversion can only name a click this platform issued; {@code CITY_EXPLORER_AFFILIATE_CLICK_SIGNING_KEY}
 * @param clickWindow repeated clicks of one client on one offer within this window count once
 * @param signatureTolerance how old (or how far in the future) a conversion's timestamp may be
 * @param reportDays the longest date range a report answers at once; longer ones run as jobs
 * @param jobReportDays the longest date range of a report job
 */
@ConfigurationProperties("city-explorer.affiliate")
public record AffiliateSettings(
        String secretEncryptionKey,
        String clickSigningKey,
        @DefaultValue("30s") Duration clickWindow,
        @DefaultValue("5m") Duration signatureTolerance,
        @DefaultValue("31") int reportDays,
        @DefaultValue("1096") int jobReportDays) {

    public AffiliateSettings {
        if (secretEncryptionKey == null || secretEncryptionKey.isBlank() || clickSigningKey == null || clickSigningKey.isBlank()) {
            throw new IllegalStateException("Set CITY_EXPLORER_AFFILIATE_SECRET_ENCRYPTION_KEY (base64 of 32 random bytes) and "
                    + "CITY_EXPLORER_AFFILIATE_CLICK_SIGNING_KEY (base64 of at least 32 random bytes); see docs/operations.md");
        }
    }
}
