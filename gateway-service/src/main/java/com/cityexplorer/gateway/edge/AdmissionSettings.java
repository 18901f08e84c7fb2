package com.cityexplorer.gateway.edge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code city-explorer.gateway.admission.*}: how many routed requests one gateway instance keeps in progress
 * at most ({@link RequestAdmission}).
 *
 * @param maxConcurrentRequests routed requests in progress per instance; one more is answered 503 at once.
 *        Size it from the heap: each waiting request holds its exchange and buffers (a 128 MB heap ran out
 *        with a few thousand)
 */
@ConfigurationProperties("city-explorer.gateway.admission")
record AdmissionSettings(@DefaultValue("1024") int maxConcurrentRequests) {

    AdmissionSettings {
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("city-explorer.gateway.admission.max-concurrent-requests must be 1 or more");
        }
    }
}
