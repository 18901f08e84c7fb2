package com.cityexplorer.devstack;

import java.io.PrintStream;
import java.util.Locale;

/** The launcher's progress lines, each with the time since the launch began. */
final class Console {

    private final PrintStream out;
    private final long startedNanos;

    Console(PrintStream out, long startedNanos) {
        this.out = out;
        this.startedNanos = startedNanos;
    }

    void step(String message) {
        out.printf(Locale.ROOT, "[%6.1fs] %s%n", elapsedSeconds(), message);
        out.flush();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
