#!/usr/bin/env bash
# Build every image (the three services, the gateway and the web client), tag it, and
# push it to ECR.
#
#   AWS_ACCOUNT_ID=123456789012 AWS_REGION=ca-central-1 ./docker-push.sh
#   DRY_RUN=1 ... ./docker-push.sh     # print the commands instead of running them
#
# Tags: the git commit (always), and `production` on main / `staging` on staging.
# Missing ECR repositories are created. Any failed step stops the script (non-zero exit).
set -euo pipefail

: "${AWS_ACCOUNT_ID:?set AWS_ACCOUNT_ID}"
: "${AWS_REGION:?set AWS_REGION}"
IMAGES=(users jobs reviews gateway web)
REGISTRY="${AWS_ACCOUNT_ID}.dkr.ecr.${AWS_REGION}.amazonaws.com"
SHA="${GIT_SHA:-$(git rev-parse --short=12 HEAD)}"
BRANCH="${BRANCH:-$(git rev-parse --abbrev-ref HEAD)}"

case "$BRANCH" in
  main) CHANNEL=production ;;
  staging) CHANNEL=staging ;;
  *) CHANNEL="" ;;
esac

run() {
  if [[ "${DRY_RUN:-0}" == "1" ]]; then
    printf '%q ' "$@"
    printf '\n'
  else
    "$@"
  fi
}

login() {
  if [[ "${DRY_RUN:-0}" == "1" ]]; then
    echo "aws ecr get-login-password --region $AWS_REGION | docker login --username AWS --password-stdin $REGISTRY"
  else
    aws ecr get-login-password --region "$AWS_REGION" \
      | docker login --username AWS --password-stdin "$REGISTRY"
  fi
}

ensure_repository() {
  local repository="$1"
  if [[ "${DRY_RUN:-0}" == "1" ]]; then
    echo "aws ecr describe-repositories --repository-names $repository || aws ecr create-repository --repository-name $repository"
  elif ! aws ecr describe-repositories --region "$AWS_REGION" \
      --repository-names "$repository" >/dev/null 2>&1; then
    aws ecr create-repository --region "$AWS_REGION" --repository-name "$repository" \
      --image-scanning-configuration scanOnPush=true >/dev/null
  fi
}

login
for name in "${IMAGES[@]}"; do
  repository="jobsight-${name}"
  image="${REGISTRY}/${repository}"
  ensure_repository "$repository"
  # The web client has a target of its own; every Python process is `prod` for its package.
  if [[ "$name" == "web" ]]; then
    target=(--target web)
  else
    target=(--target prod --build-arg "SERVICE=${name}")
  fi
  run docker build "${target[@]}" -t "${image}:${SHA}" .
  run docker push "${image}:${SHA}"
  if [[ -n "$CHANNEL" ]]; then
    run docker tag "${image}:${SHA}" "${image}:${CHANNEL}"
    run docker push "${image}:${CHANNEL}"
  fi
done
echo "pushed ${IMAGES[*]} as ${SHA}${CHANNEL:+ and ${CHANNEL}} to ${REGISTRY}"
