package com.cityexplorer.affiliate.click;

import com.cityexplorer.platform.events.EventSettings;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The click stream's own topic (clicks are far more numerous than other affiliate events, so those
 * topics' readers do not wade through them) and how the ledger reads it: in batches, retrying a batch
 * that could not be stored for as long as it takes (a click is never dead-lettered because the
 * database was away; unreadable records are skipped by the ledger itself).
 */
@Configuration
class ClickLedgerConfiguration {

    @Bean
    NewTopic clickTopic(EventSettings settings) {
        return new NewTopic(ClickRecorded.TOPIC, settings.partitions(), settings.replicationFactor());
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, String> clickLedgerListeners(ConsumerFactory<String, String> consumers) {
        ConcurrentKafkaListenerContainerFactory<String, String> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2);
        backOff.setMaxInterval(10_000);
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return factory;
    }
}
