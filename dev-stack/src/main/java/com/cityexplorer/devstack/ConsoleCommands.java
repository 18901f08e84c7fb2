package com.cityexplorer.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Commands typed into the launcher's terminal while the platform runs: add, stop or kill an instance
 * of a service, and list what runs. Without a terminal (input at its end) it does nothing.
 */
final class ConsoleCommands {

    static final String HELP = """
            Commands:
              add <service>       start one more instance (user, city, place, itinerary, review, affiliate, gateway)
              stop <service>      stop its newest added instance gracefully (SIGTERM)
              kill <service>      kill its newest added instance at once (SIGKILL), as a crash would
              instances           list the running instances
              help                this list""";

    private final DevStack stack;
    private final PrintStream out;

    ConsoleCommands(DevStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    /** Reads commands on a daemon thread until the input ends. */
    void readFrom(InputStream input) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    run(line);
                }
            }
            catch (IOException ex) {
                // No terminal to read from: nothing to do.
            }
        }, "dev-stack-console");
        reader.setDaemon(true);
        reader.start();
    }

    void run(String line) {
        String[] words = line.strip().split("\\s+");
        if (words[0].isEmpty()) {
            return;
        }
        try {
            switch (words[0]) {
                case "add" -> out.println("Started " + stack.addInstance(service(words)));
                case "stop" -> out.println("Stopped " + stack.stopInstance(service(words)));
                case "kill" -> out.println("Killed " + stack.killInstance(service(words)));
                case "instances", "ps" -> stack.instances().forEach((service, uris) ->
                    out.println("  " + service + ": " + String.join(" ", uris)));
                case "help", "?" -> out.println(HELP);
                default -> out.println("Unknown command '" + words[0] + "'.\n" + HELP);
            }
        }
        catch (RuntimeException ex) {
            out.println("Could not " + words[0] + ": " + ex.getMessage());
        }
    }

    private static String service(String[] words) {
        if (words.length < 2) {
            throw new IllegalArgumentException("name a service, as in: " + words[0] + " place");
        }
        String name = words[1].endsWith("-service") ? words[1].substring(0, words[1].length() - "-service".length()) : words[1];
        return name;
    }
}
