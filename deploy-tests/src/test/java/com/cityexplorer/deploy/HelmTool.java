package com.cityexplorer.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;

/**
 * The Helm embedded in helm-java as a command line, for machines without a helm binary
 * ({@code k8s/tools/helm lint|template ...}). The tests call the same library directly.
 */
public final class HelmTool {

    private HelmTool() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: helm lint <chart> | helm template <chart> [-f values.yaml]... [--set k=v]... [--namespace ns]");
            System.exit(2);
        }
        Path chart = Path.of(args[1]);
        switch (args[0]) {
            case "lint" -> {
                LintResult result = new Helm(chart).lint().strict().call();
                result.getMessages().forEach(System.out::println);
                System.exit(result.isFailed() ? 1 : 0);
            }
            case "template" -> {
                TemplateCommand template = new Helm(chart).template().withName("city-explorer");
                for (int i = 2; i < args.length; i++) {
                    switch (args[i]) {
                        case "-f" -> template = template.withValuesFile(Path.of(args[++i]));
                        case "--namespace" -> template = template.withNamespace(args[++i]);
                        case "--set" -> {
                            String[] pair = args[++i].split("=", 2);
                            template = template.set(pair[0], pair[1]);
                        }
                        default -> throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                }
                System.out.print(template.call());
            }
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
    }
}
