package io.sightline.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sightline.server.http.ApiException;
import io.sightline.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The live render one page's viewers share: one render per change however many look, never a render older
 * than the event a viewer has seen, never two renders of a page at once, and not kept past its age limit.
 */
class SharedRendersTest {
    private final AtomicLong newest = new AtomicLong(5);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final SharedRenders renders = new SharedRenders(newest::get, clock, Duration.ofSeconds(1), 8);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    /** What a page render does here: shows the newest event id when it started (as the stores would). */
    private String page(CountDownLatch gate) {
        int now = running.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        try {
            long shows = newest.get();
            gate.await();
            return "<p>events up to " + shows + "</p>";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            running.decrementAndGet();
        }
    }

    private static CountDownLatch open() {
        return new CountDownLatch(0);
    }

    @Test
    void fiftyViewersOfOnePageAfterOneChangeCostOneRender() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<SharedRenders.Render>> answers = new ArrayList<>();
        try (ExecutorService viewers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                answers.add(viewers.submit(() -> renders.get("/ui/acquisitions/a viewer", 5, () -> page(gate))));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);
            gate.countDown();
            for (Future<SharedRenders.Render> a : answers) {
                assertThat(a.get().html()).isEqualTo("<p>events up to 5</p>");
                assertThat(a.get().reflects()).isEqualTo(5);
            }
        }
        assertThat(renders.renderCount()).isEqualTo(1);
    }

    @Test
    void aViewerThatHasSeenANewerEventGetsARenderThatReflectsIt() {
        assertThat(renders.get("p", 5, () -> page(open())).reflects()).isEqualTo(5);
        newest.set(7);
        SharedRenders.Render newer = renders.get("p", 7, () -> page(open()));
        assertThat(newer.reflects()).isEqualTo(7);
        assertThat(newer.html()).isEqualTo("<p>events up to 7</p>");
        // a viewer behind the newest render is served it: it already shows what that viewer has seen
        assertThat(renders.get("p", 6, () -> page(open()))).isSameAs(newer);
        assertThat(renders.renderCount()).isEqualTo(2);
    }

    @Test
    void aRenderKnowsTheNewestEventWhenItEndedSoNoLaterEventIsInIt() {
        SharedRenders.Render r = renders.get("p", 5, () -> {
            newest.set(12); // committed while the render read: it may or may not show them
            return "<p>something</p>";
        });
        assertThat(r.reflects()).isEqualTo(5);
        assertThat(r.newestAtEnd()).isEqualTo(12);
    }

    @Test
    void pagesAndRoleClassesAreRenderedApart() {
        renders.get("p viewer", 5, () -> "viewer's");
        assertThat(renders.get("p steering", 5, () -> "steering's").html()).isEqualTo("steering's");
        assertThat(renders.get("p viewer", 5, () -> "not rendered").html()).isEqualTo("viewer's");
    }

    @Test
    void aViewerNeedingANewerRenderWaitsForTheRunningOneSoOnlyOneRunsAtATime() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        CompletableFuture<SharedRenders.Render> early = new CompletableFuture<>();
        CompletableFuture<SharedRenders.Render> late = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> early.complete(renders.get("p", 5, () -> page(first))));
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);
        newest.set(9); // an event committed while the first render runs; a viewer has seen it
        Thread waiter = Thread.ofPlatform().start(() -> late.complete(renders.get("p", 9, () -> page(open()))));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.WAITING);
        assertThat(running.get()).isEqualTo(1); // it waits: no second render beside the first
        first.countDown();
        assertThat(early.get().reflects()).isEqualTo(5);
        assertThat(late.get().reflects()).isEqualTo(9);
        assertThat(late.get().html()).isEqualTo("<p>events up to 9</p>");
        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(renders.renderCount()).isEqualTo(2);
    }

    @Test
    void aRenderOlderThanItsAgeLimitIsRenderedAgainThoughNoEventCame() {
        renders.get("/", 5, () -> "agents online");
        clock.advance(Duration.ofMillis(900));
        assertThat(renders.get("/", 5, () -> "not rendered").html()).isEqualTo("agents online");
        clock.advance(Duration.ofMillis(200));
        assertThat(renders.get("/", 5, () -> "agents stale").html()).isEqualTo("agents stale");
    }

    @Test
    void aFailedRenderIsNotKeptAndTheNextViewerRendersAgain() {
        assertThatThrownBy(() -> renders.get("p", 5, () -> {
                    throw ApiException.notFound("no such acquisition");
                }))
                .isInstanceOf(ApiException.class);
        assertThat(renders.get("p", 5, () -> "there now").html()).isEqualTo("there now");
    }

    @Test
    void idlePagesBeyondTheLimitAreDropped() {
        for (int i = 0; i < 20; i++) {
            int n = i;
            renders.get("page " + n, 5, () -> "render " + n);
        }
        assertThat(renders.get("page 0", 5, () -> "rendered again").html()).isEqualTo("rendered again");
    }
}
