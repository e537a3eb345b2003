#!/usr/bin/env bash
# Deploy one image tag to ECS (Fargate): register the task definitions, run each service's
# migrations as a one-off task and wait for it to succeed, then update the services, their
# events workers and the web client and wait until they are stable; last, route the load
# balancer (the API and the JWKS to the gateway, the rest to the web client). Any failure
# stops the deploy with a non-zero exit.
#
#   AWS_ACCOUNT_ID=... AWS_REGION=... TAG=<git sha> DEPLOY_ENV=production \
#   ECS_CLUSTER=jobsight EXECUTION_ROLE_ARN=... TASK_ROLE_ARN=... \
#   SUBNETS=subnet-a,subnet-b SECURITY_GROUPS=sg-x ALB_SUBNET_CIDRS=10.0.0.0/24,10.0.1.0/24 \
#   ALB_LISTENER_ARN=... GATEWAY_TARGET_GROUP_ARN=... WEB_TARGET_GROUP_ARN=... \
#   deploy/ecs/deploy.sh
set -euo pipefail

for name in AWS_ACCOUNT_ID AWS_REGION TAG DEPLOY_ENV ECS_CLUSTER EXECUTION_ROLE_ARN \
            TASK_ROLE_ARN SUBNETS SECURITY_GROUPS ALB_SUBNET_CIDRS \
            ALB_LISTENER_ARN GATEWAY_TARGET_GROUP_ARN WEB_TARGET_GROUP_ARN; do
  : "${!name:?set $name}"
done
here="$(cd "$(dirname "$0")" && pwd)"
rendered="$(mktemp -d)"
trap 'rm -rf "$rendered"' EXIT
MIGRATED=(users jobs reviews)
# Every ECS service: the web services, the gateway, a worker per migrated service and the
# web client.
SERVICES=(users jobs reviews gateway users-worker jobs-worker reviews-worker web)
API_RULE_PRIORITY=10  # taskdefs.py's API_RULE_PRIORITY
network="awsvpcConfiguration={subnets=[${SUBNETS}],securityGroups=[${SECURITY_GROUPS}],assignPublicIp=DISABLED}"

fail() { echo "deploy: $*" >&2; exit 1; }

python3 "$here/taskdefs.py" "$rendered"

register() {
  aws ecs register-task-definition --region "$AWS_REGION" \
    --cli-input-json "file://$rendered/$1.json" \
    --query taskDefinition.taskDefinitionArn --output text
}

declare -A revision
for service in "${SERVICES[@]}"; do
  revision[$service]="$(register "jobsight-$service")"
  echo "registered ${revision[$service]}"
done

for service in "${MIGRATED[@]}"; do
  definition="$(register "jobsight-$service-migrate")"
  task="$(aws ecs run-task --region "$AWS_REGION" --cluster "$ECS_CLUSTER" \
    --launch-type FARGATE --task-definition "$definition" \
    --network-configuration "$network" --query 'tasks[0].taskArn' --output text)"
  [[ -n "$task" && "$task" != "None" ]] || fail "the $service migration task did not start"
  echo "migrating $service ($task)"
  aws ecs wait tasks-stopped --region "$AWS_REGION" --cluster "$ECS_CLUSTER" --tasks "$task"
  code="$(aws ecs describe-tasks --region "$AWS_REGION" --cluster "$ECS_CLUSTER" \
    --tasks "$task" --query 'tasks[0].containers[0].exitCode' --output text)"
  [[ "$code" == "0" ]] || fail "the $service migration exited with $code; services unchanged"
done

for service in "${SERVICES[@]}"; do
  aws ecs update-service --region "$AWS_REGION" --cluster "$ECS_CLUSTER" \
    --service "jobsight-$service" --task-definition "${revision[$service]}" >/dev/null
  echo "updating jobsight-$service"
done
aws ecs wait services-stable --region "$AWS_REGION" --cluster "$ECS_CLUSTER" \
  --services "${SERVICES[@]/#/jobsight-}"

# The routing, once every target is healthy; the same call on every deploy changes nothing.
aws elbv2 modify-listener --region "$AWS_REGION" \
  --cli-input-json "file://$rendered/alb-listener.json" >/dev/null
rule="$(aws elbv2 describe-rules --region "$AWS_REGION" --listener-arn "$ALB_LISTENER_ARN" \
  --query "Rules[?Priority=='${API_RULE_PRIORITY}'].RuleArn" --output text)"
if [[ -z "$rule" || "$rule" == "None" ]]; then
  aws elbv2 create-rule --region "$AWS_REGION" --listener-arn "$ALB_LISTENER_ARN" \
    --priority "$API_RULE_PRIORITY" --cli-input-json "file://$rendered/alb-api-rule.json" >/dev/null
else
  aws elbv2 modify-rule --region "$AWS_REGION" --rule-arn "$rule" \
    --cli-input-json "file://$rendered/alb-api-rule.json" >/dev/null
fi
echo "routed /api/* and /.well-known/* to the gateway, the rest to the web client"
echo "deployed $TAG to $ECS_CLUSTER"
