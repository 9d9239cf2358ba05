using ImageRecognition.Processing.Persistence;
using ImageRecognition.Processing.Workflow;
using ImageRecognition.ServiceDefaults.Data;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ImageRecognition.ServiceDefaults.Configuration;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Processing;

public static class ProcessingExtensions
{
    /// <summary>The workflow's store (chosen by <c>Database:Provider</c>), options and the deadline sweep.</summary>
    public static IHostApplicationBuilder AddProcessing(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<ProcessingOptions>(ProcessingOptions.SectionName);
        var provider = builder.Configuration["Database:Provider"] ?? "Sqlite";
        switch (provider.ToUpperInvariant())
        {
            case "SQLITE":
                var path = DataDirectory.Combine(builder.Configuration, "processing.db");
                builder.Services.AddSingleton<IPhotoWorkflowStore>(_ => new SqlitePhotoWorkflowStore(path));
                break;
            case "DYNAMODB":
                AddDynamoDbStore(builder);
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{provider}' is not known. Use 'Sqlite' or 'DynamoDB'.");
        }
        builder.Services.AddSingleton<ISagaStore<PhotoProcessingState>>(sp => sp.GetRequiredService<IPhotoWorkflowStore>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WorkflowSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WorkflowSweeper>());
        return builder;
    }

    /// <summary>DynamoDB (AWS, LocalStack or dynalite) from the <c>Database</c> section; see <see cref="DynamoDbOptions"/>.</summary>
    static void AddDynamoDbStore(IHostApplicationBuilder builder)
    {
        builder.AddSettings<DynamoDbOptions>(DynamoDbOptions.SectionName);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DynamoDbOptions>>().Value;
            return new DynamoDbPhotoWorkflowStore(options.CreateClient(), options);
        });
        builder.Services.AddSingleton<IPhotoWorkflowStore>(sp => sp.GetRequiredService<DynamoDbPhotoWorkflowStore>());
        builder.Services.AddSingleton<IHostedService>(sp => new StartupTask(token =>
            sp.GetRequiredService<IOptions<DynamoDbOptions>>().Value.CreateTables
                ? sp.GetRequiredService<DynamoDbPhotoWorkflowStore>().EnsureTableAsync(token)
                : Task.CompletedTask));
    }

    /// <summary>Registers the saga with its endpoint settings, our repository and its telemetry.</summary>
    public static IBusRegistrationConfigurator AddProcessingSaga(this IBusRegistrationConfigurator bus)
    {
        bus.AddSagaStateMachine<PhotoProcessingStateMachine, PhotoProcessingState, PhotoProcessingSagaDefinition>()
            .Repository(repository => repository.RegisterSagaRepository<
                PhotoProcessingState,
                ISagaStore<PhotoProcessingState>,
                SagaConsumeContextFactory<ISagaStore<PhotoProcessingState>, PhotoProcessingState>,
                SagaStoreRepositoryContextFactory<PhotoProcessingState>>());
        bus.TryAddSingleton(_ => new RememberedSagas<PhotoProcessingState>(state => !state.IsFinished));
        bus.TryAddEnumerable(ServiceDescriptor.Singleton<ISagaStoreObserver<PhotoProcessingState>, WorkflowTelemetry>());
        bus.TryAddSingleton(TimeProvider.System); // the state machine's clock, unless a test registered its own
        return bus;
    }
}
