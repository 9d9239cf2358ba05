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

namespace ImageRecognition.Processing;

public static class ProcessingExtensions
{
    /// <summary>The workflow's store (chosen by <c>Database:Provider</c>), options and the deadline sweep.</summary>
    public static IHostApplicationBuilder AddProcessing(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ProcessingOptions>(builder.Configuration.GetSection("Processing"));
        var provider = builder.Configuration["Database:Provider"] ?? "Sqlite";
        switch (provider.ToUpperInvariant())
        {
            case "SQLITE":
                var path = DataDirectory.Combine(builder.Configuration, "processing.db");
                builder.Services.AddSingleton<IPhotoWorkflowStore>(new SqlitePhotoWorkflowStore(path));
                break;
            case "DYNAMODB":
                AddDynamoDbStore(builder);
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{provider}' is not known. Use 'Sqlite' or 'DynamoDB'.");
        }
        builder.Services.AddSingleton<ISagaStore<PhotoProcessingState>>(sp => sp.GetRequiredService<IPhotoWorkflowStore>());
        builder.Services.AddSingleton<WorkflowSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WorkflowSweeper>());
        return builder;
    }

    /// <summary>DynamoDB (AWS, LocalStack or dynalite) from the <c>Database</c> section; see <see cref="DynamoDbOptions"/>.</summary>
    static void AddDynamoDbStore(IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Database").Get<DynamoDbOptions>() ?? new DynamoDbOptions();
        var store = new DynamoDbPhotoWorkflowStore(options.CreateClient(), options);
        builder.Services.AddSingleton<IPhotoWorkflowStore>(store);
        if (options.CreateTables)
        {
            builder.Services.AddSingleton<IHostedService>(new StartupTask(store.EnsureTableAsync));
        }
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
        bus.TryAddEnumerable(ServiceDescriptor.Singleton<ISagaStoreObserver<PhotoProcessingState>, WorkflowTelemetry>());
        return bus;
    }
}
