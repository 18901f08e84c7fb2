package com.cityexplorer.affiliate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Partners' offers, click tracking, signed conversions and reports. */
@SpringBootApplication
public class AffiliateServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AffiliateServiceApplication.class, args);
    }
}
