package com.cityexplorer.affiliate;

import com.cityexplorer.test.PlatformIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

/** affiliate-service on a random port against the real infrastructure, with {@link Affiliates} to set the scene. */
@PlatformIntegrationTest
public abstract class AffiliateApiTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected MongoTemplate mongo;

    protected Affiliates affiliates;

    @BeforeAll
    static void topics() throws Exception {
        Affiliates.topics();
    }

    @BeforeEach
    void affiliates() {
        affiliates = new Affiliates(port, mongo);
    }
}
