package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.local.sfn.engine.StateMachine;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.local.stack.LocalSqs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State machines of a template are created with their substitutions resolved to local ARNs and names. */
class TemplateStateMachinesIT {
    private static final String TEMPLATE = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ReserveFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: com.example.Reserve::handleRequest
              ReviewQueue:
                Type: AWS::SQS::Queue
              FulfilmentStateMachine:
                Type: AWS::Serverless::StateMachine
                Properties:
                  DefinitionUri: statemachines/fulfilment.asl.json
                  DefinitionSubstitutions:
                    ReserveFunctionArn: !GetAtt ReserveFunction.Arn
                    ReviewQueueUrl: !Ref ReviewQueue
              InlineStateMachine:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  StateMachineName: inline
                  StateMachineType: EXPRESS
                  DefinitionString: !Sub '{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"${AWS::Region}","End":true}}}'
            """;
    private static final String WORKFLOW = """
            {"StartAt":"Reserve","States":{
              "Reserve":{"Type":"Task","Resource":"${ReserveFunctionArn}","Next":"Review"},
              "Review":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters":{"QueueUrl":"${ReviewQueueUrl}","MessageBody":{"token.$":"$$.Task.Token"}},"End":true}}}
            """;

    private static LocalResolver resolver(Path dir, String workflow) throws IOException {
        Files.createDirectories(dir.resolve("statemachines"));
        Files.writeString(dir.resolve("statemachines/fulfilment.asl.json"), workflow);
        Files.writeString(dir.resolve("template.yaml"), TEMPLATE);
        return new LocalResolver(CfnTemplate.load(dir.resolve("template.yaml")), LocalClients.REGION,
                URI.create("http://127.0.0.1:9324"), Map.of());
    }

    private static StepFunctionsEngine engine() {
        return StepFunctionsEngine.builder().region(LocalClients.REGION).accountId(LocalSqs.ACCOUNT_ID).build();
    }

    @Test
    void createsEveryStateMachineWithItsSubstitutions(@TempDir Path dir) throws IOException {
        LocalResolver resolver = resolver(dir, WORKFLOW);
        try (StepFunctionsEngine engine = engine()) {
            List<StateMachine> machines = TemplateStateMachines.create(engine, resolver);
            assertThat(machines).extracting(StateMachine::name).containsExactly("FulfilmentStateMachine", "inline");
            StateMachine fulfilment = machines.get(0);
            assertThat(fulfilment.arn()).isEqualTo(resolver.stateMachineArn("FulfilmentStateMachine"));
            assertThat(fulfilment.definition().text()).contains(resolver.functionArn("ReserveFunction"))
                    .contains(resolver.queueUrl("ReviewQueue")).doesNotContain("${");
            assertThat(machines.get(1).type()).isEqualTo("EXPRESS");
            assertThat(machines.get(1).definition().text()).contains("\"Result\":\"us-east-1\"");
        }
    }

    @Test
    void anInvalidWorkflowStopsTheRuntimeWithItsProblems(@TempDir Path dir) throws IOException {
        LocalResolver resolver = resolver(dir, WORKFLOW.replace("\"Next\":\"Review\"", "\"Next\":\"Revew\""));
        try (StepFunctionsEngine engine = engine()) {
            assertThatThrownBy(() -> TemplateStateMachines.create(engine, resolver))
                    .hasMessageContaining("FulfilmentStateMachine")
                    .hasMessageContaining("MISSING_TRANSITION_TARGET: Missing 'Next' target: Revew");
        }
    }
}
