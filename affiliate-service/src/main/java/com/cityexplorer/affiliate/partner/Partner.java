package com.cityexplorer.affiliate.partner;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An affiliate partner: one per user ({@code userId} is unique), with its webhook secret encrypted at
 * rest ({@link WebhookSecrets}).
 */
@Document("partners")
public record Partner(@Id String id, String name, @Indexed(unique = true) String userId, String encryptedSecret, Instant createdAt) {

    PartnerView view() {
        return new PartnerView(id, name, userId, createdAt);
    }
}
