package org.milkid.bench;

import java.nio.file.Path;

/**
 * Runs {@link Benchmark} with the settings and prints its progress (temporary: the
 * {@code milkid bench} command will call {@link Benchmark#run} instead).
 *
 * <p>Arguments: {@code [output.json] [--no-pytorch]}; the default output is {@code bench.json}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("bench.json");
        boolean pytorch = true;
        for (String a : args) {
            if (a.equals("--no-pytorch")) {
                pytorch = false;
            } else {
                out = Path.of(a);
            }
        }
        Benchmark.Result r = Benchmark.run(Benchmark.Config.defaults(out).withPytorch(pytorch), System.err::println);
        System.out.println(org.milkid.util.Json.gson().newBuilder().serializeNulls().create().toJson(r.json()));
    }
}
