package org.milkid.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.milkid.experiment.BagTask;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The Spark task of one group of {@code detect}'s bags: its partition holds the group's index; it
 * prepares libtorch as {@link RunTask} does (threads from {@code spark.executor.cores}, or the
 * driver's {@code --reproducible} kernels) and returns what the {@link BagTask} finds for the group,
 * as JSON.
 */
final class BagGroupTask extends AbstractFunction1<Iterator<Integer>, String> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final BagTask task;
    private final List<int[]> groups;
    private final boolean reproducible;

    /**
     * @param task the per-bag work
     * @param groups the bag indexes of every group
     * @param reproducible whether the driver pinned libtorch's kernels
     */
    BagGroupTask(BagTask task, List<int[]> groups, boolean reproducible) {
        this.task = task;
        this.groups = List.copyOf(groups);
        this.reproducible = reproducible;
    }

    @Override
    public String apply(Iterator<Integer> partition) {
        int group = partition.next();
        if (partition.hasNext()) {
            throw new IllegalStateException("a milkid task does one group of bags; its partition holds more");
        }
        try {
            SparkEnv env = SparkEnv.get();
            RunTask.prepareLibtorch(reproducible, env == null ? 0 : env.conf().getInt("spark.executor.cores", 0));
            return task.apply(groups.get(group));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
