import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container health check. The images have no shell, curl or wget (nothing an intruder could use), so
 * Docker's HEALTHCHECK runs this instead: exit 0 when the URL answers 2xx within 3 s, 1 otherwise.
 * Kubernetes does not need it (its probes are HTTP requests made by the kubelet).
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:8080/actuator/health/readiness";
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<Void> response = client.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                return;
            }
            System.err.println(url + " answered " + response.statusCode());
        } catch (Exception ex) {
            System.err.println(url + ": " + ex);
        }
        System.exit(1);
    }
}
