package com.creatorflow.local.stack;

/** A separate JVM for {@link NoOrphanIT}: starts Dynoxide, prints the pids it owns, then waits to be killed. */
public final class OrphanProbe {
    private OrphanProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Dynoxide dynoxide = Dynoxide.startInMemory();
        StringBuilder pids = new StringBuilder("PIDS " + dynoxide.pid());
        ProcessHandle.of(dynoxide.pid()).ifPresent(guard -> guard.descendants()
                .forEach(child -> pids.append(' ').append(child.pid())));
        System.out.println(pids);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
