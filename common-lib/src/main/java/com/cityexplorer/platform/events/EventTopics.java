package com.cityexplorer.platform.events;

/** Topic names: one events topic per owning service ({@code ce.<name>.events}) and one dead-letter topic. */
public final class EventTopics {

    private EventTopics() {
    }

    public static String events(EventSettings settings, String service) {
        return settings.topic() != null ? settings.topic() : "ce." + shortName(service) + ".events";
    }

    public static String deadLetters(EventSettings settings, String service) {
        return settings.deadLetterTopic() != null ? settings.deadLetterTopic() : "ce." + shortName(service) + ".dlt";
    }

    private static String shortName(String service) {
        return service.endsWith("-service") ? service.substring(0, service.length() - "-service".length()) : service;
    }
}
