package com.cityexplorer.platform.events;

/** An event that can never be handled (unreadable, incomplete): dead-lettered at once, never retried. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
