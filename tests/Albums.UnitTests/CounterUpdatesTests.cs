using System.Collections.Concurrent;
using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ImageRecognition.Albums.Persistence;

namespace Albums.UnitTests;

public sealed class CounterUpdatesTests
{
    const string Table = "PhotoActivity";

    [Fact]
    public async Task Additions_made_while_an_item_is_being_updated_go_summed_in_one_next_update()
    {
        var (client, dynamo) = HeldDynamoDb.Create();
        var counters = new DynamoDbCounterUpdates(client, Table);

        var first = counters.AddAsync("all", "states", [new("Pending", 1)]);
        await dynamo.WaitForCallsAsync(1);
        var meanwhile = Enumerable.Range(0, 10)
            .Select(_ => counters.AddAsync("all", "states", [new("Pending", -1), new("Running/DetectLabels", 1)]))
            .ToList();
        var otherItem = counters.AddAsync("user#owner", "states", [new("Pending", 1)]);

        await dynamo.WaitForCallsAsync(2); // another item is not held up by this one
        Assert.Equal("user#owner", dynamo.Calls[1].Key["pk"].S);
        Assert.DoesNotContain(meanwhile, t => t.IsCompleted);

        dynamo.ReleaseAll();
        await Task.WhenAll([first, otherItem, .. meanwhile]);
        Assert.Equal(3, dynamo.Calls.Count);
        Assert.Equal(new Dictionary<string, long> { ["Pending"] = 1 }, HeldDynamoDb.AdditionsOf(dynamo.Calls[0]));
        Assert.Equal(new Dictionary<string, long> { ["Pending"] = -10, ["Running/DetectLabels"] = 10 }, HeldDynamoDb.AdditionsOf(dynamo.Calls[2]));
    }

    [Fact]
    public async Task Additions_that_cancel_out_while_waiting_write_nothing_and_the_latest_expiry_is_kept()
    {
        var (client, dynamo) = HeldDynamoDb.Create();
        var counters = new DynamoDbCounterUpdates(client, Table);
        var first = counters.AddAsync("all", "states", [new("Pending", 1)]);
        var firstMinute = counters.AddAsync("all", "minute#12:00", [new("count", 1)], expiresAt: 100);
        await dynamo.WaitForCallsAsync(2);

        // One photo enters a state while another leaves it: nothing to write for them.
        var cancelling = new[]
        {
            counters.AddAsync("all", "states", [new("Running/DetectLabels", 1)]),
            counters.AddAsync("all", "states", [new("Running/DetectLabels", -1)]),
        };
        var laterMinutes = new[]
        {
            counters.AddAsync("all", "minute#12:00", [new("count", 1)], expiresAt: 300),
            counters.AddAsync("all", "minute#12:00", [new("count", 1)], expiresAt: 200),
        };
        dynamo.ReleaseAll();
        await Task.WhenAll([first, firstMinute, .. cancelling, .. laterMinutes]);

        Assert.Equal(3, dynamo.Calls.Count);
        var minute = dynamo.Calls[2];
        Assert.Equal("minute#12:00", minute.Key["sk"].S);
        Assert.Equal(new Dictionary<string, long> { ["count"] = 2 }, HeldDynamoDb.AdditionsOf(minute));
        Assert.Equal("300", minute.ExpressionAttributeValues[":expires"].N);
    }

    [Fact]
    public async Task A_failed_update_fails_the_callers_it_carried_and_the_next_addition_is_written()
    {
        var (client, dynamo) = HeldDynamoDb.Create();
        var counters = new DynamoDbCounterUpdates(client, Table);
        dynamo.FailNext = new AmazonDynamoDBException("the database went away");
        dynamo.ReleaseAll();

        await Assert.ThrowsAsync<AmazonDynamoDBException>(() => counters.AddAsync("all", "states", [new("Pending", 1)]));
        await counters.AddAsync("all", "states", [new("Pending", 1)]);

        Assert.Equal(2, dynamo.Calls.Count);
        Assert.Equal(new Dictionary<string, long> { ["Pending"] = 1 }, HeldDynamoDb.AdditionsOf(dynamo.Calls[1]));
    }

    /// <summary>A DynamoDB client whose <c>UpdateItem</c> calls are recorded and answered only when released.</summary>
    public class HeldDynamoDb : DispatchProxy
    {
        readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly ConcurrentQueue<UpdateItemRequest> _calls = new();

        public Exception? FailNext { get; set; }

        public List<UpdateItemRequest> Calls => [.. _calls];

        public static (IAmazonDynamoDB Client, HeldDynamoDb Held) Create()
        {
            var client = Create<IAmazonDynamoDB, HeldDynamoDb>();
            return (client, (HeldDynamoDb)(object)client);
        }

        public void ReleaseAll() => _released.TrySetResult();

        public async Task WaitForCallsAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (_calls.Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{count} calls expected, {_calls.Count} made");
                await Task.Delay(5);
            }
            await Task.Delay(50); // nothing more comes right after
            Assert.Equal(count, _calls.Count);
        }

        public static Dictionary<string, long> AdditionsOf(UpdateItemRequest request) => (request.ExpressionAttributeNames ?? [])
            .ToDictionary(n => n.Value, n => long.Parse(request.ExpressionAttributeValues[":v" + n.Key[2..]].N, System.Globalization.CultureInfo.InvariantCulture));

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(IAmazonDynamoDB.UpdateItemAsync) || args?[0] is not UpdateItemRequest request)
            {
                throw new NotSupportedException(targetMethod?.Name);
            }
            _calls.Enqueue(request);
            return AnswerAsync();
        }

        async Task<UpdateItemResponse> AnswerAsync()
        {
            await _released.Task;
            if (FailNext is { } failure)
            {
                FailNext = null;
                throw failure;
            }
            return new UpdateItemResponse();
        }
    }
}
