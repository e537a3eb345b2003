#!/usr/bin/env bash
# Deploy one image tag to ECS (Fargate): register the task definitions, run each service's
# migrations as a one-off task and wait for it to succeed, then update the services and
# their events workers and wait until they are stable. Any failure stops the deploy with a non-zero exit.
#
#   AWS_ACCOUNT_ID=... AWS_REGION=... TAG=<git sha> DEPLOY_ENV=production \
#   ECS_CLUSTER=jobsight EXECUTION_ROLE_ARN=... TASK_ROLE_ARN=... \
#   SUBNETS=subnet-a,subnet-b SECURITY_GROUPS=sg-x ALB_SUBNET_CIDRS=10.0.0.0/24,10.0.1.0/24 \
#   deploy/ecs/deploy.sh
set -euo pipefail

for name in AWS_ACCOUNT_ID AWS_REGION TAG DEPLOY_ENV ECS_CLUSTER EXECUTION_ROLE_ARN \
            TASK_ROLE_ARN SUBNETS SECURITY_GROUPS ALB_SUBNET_CIDRS; do
  : "${!name:?set $name}"
done
here="$(cd "$(dirname "$0")" && pwd)"
rendered="$(mktemp -d)"
trap 'rm -rf "$rendered"' EXIT
MIGRATED=(users jobs reviews)
# Every ECS service: the web services, the gateway and a worker per migrated service.
SERVICES=(users jobs reviews gateway users-worker jobs-worker reviews-worker)
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
echo "deployed $TAG to $ECS_CLUSTER"
