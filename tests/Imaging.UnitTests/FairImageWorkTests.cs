using ImageRecognition.Imaging;

namespace Imaging.UnitTests;

public sealed class FairImageWorkTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Turns_are_given_at_once_until_every_one_is_taken_then_work_waits()
    {
        var work = new FairImageWork(2);
        using var first = await work.EnterAsync("ann");
        using var second = await work.EnterAsync("bob");

        var third = work.EnterAsync("ann").AsTask();
        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        Assert.Equal(1, work.Waiting);

        first.Dispose();
        using var granted = await third.WaitAsync(Patience);
        Assert.Equal(0, work.Waiting);
    }

    [Fact]
    public async Task A_user_who_arrives_behind_another_users_backlog_gets_the_next_turn_but_one()
    {
        var work = new FairImageWork(1);
        var running = await work.EnterAsync("ann");
        var order = new List<string>();
        var served = new List<Task>();
        // Ann queues five pieces of work, then Bob and Carol one each; each piece gives its turn back at once.
        foreach (var user in new[] { "ann", "ann", "ann", "ann", "ann", "bob", "carol" })
        {
            served.Add(work.EnterAsync(user).AsTask().ContinueWith(turn =>
            {
                lock (order)
                {
                    order.Add(user);
                }

                turn.Result.Dispose();
            }, TaskScheduler.Default));
        }

        running.Dispose();
        await Task.WhenAll(served).WaitAsync(Patience);
        Assert.Equal(["ann", "bob", "carol", "ann", "ann", "ann", "ann"], order);
    }

    [Fact]
    public async Task Work_that_holds_its_pixels_goes_ahead_of_its_users_own_work_but_not_of_other_users()
    {
        var work = new FairImageWork(1);
        var running = await work.EnterAsync("ann");
        var order = new List<string>();
        var served = new List<Task>();
        void Queue(string user, string name, bool ahead) => served.Add(work.EnterAsync(user, ahead).AsTask().ContinueWith(turn =>
        {
            lock (order)
            {
                order.Add(name);
            }

            turn.Result.Dispose();
        }, TaskScheduler.Default));

        Queue("ann", "ann 1", ahead: false);
        Queue("bob", "bob 1", ahead: false);
        Queue("ann", "ann 2", ahead: false);
        Queue("ann", "ann's labels", ahead: true);

        running.Dispose();
        await Task.WhenAll(served).WaitAsync(Patience);
        Assert.Equal(["ann's labels", "bob 1", "ann 1", "ann 2"], order);
    }

    [Fact]
    public async Task Cancelled_waiting_work_leaves_the_line_and_the_turn_goes_to_the_next()
    {
        var work = new FairImageWork(1);
        var running = await work.EnterAsync("ann");
        using var cancel = new CancellationTokenSource();
        var cancelled = work.EnterAsync("bob", cancel.Token).AsTask();
        var next = work.EnterAsync("carol").AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Patience));
        Assert.Equal(1, work.Waiting);

        running.Dispose();
        using var granted = await next.WaitAsync(Patience);
        Assert.Equal(0, work.Waiting);
    }

    [Fact]
    public async Task A_turn_given_back_twice_counts_once()
    {
        var work = new FairImageWork(1);
        var turn = await work.EnterAsync("ann");
        turn.Dispose();
        turn.Dispose();

        using var again = await work.EnterAsync("bob");
        var waiting = work.EnterAsync("carol").AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        again.Dispose();
        using var last = await waiting.WaitAsync(Patience);
    }

    [Fact]
    public async Task Work_already_cancelled_never_takes_a_turn()
    {
        var work = new FairImageWork(1);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await work.EnterAsync("ann", new CancellationToken(canceled: true)));
        using var turn = await work.EnterAsync("bob");
        Assert.Equal(0, work.Waiting);
    }
}
