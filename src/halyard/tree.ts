// Halyard's command tree: every command `hal --docs` lists, one per line, without the leading "hal"
// (spinnaker/halyard docs/commands.md at 23e66d69, generated from halyard-cli's NestableCommand tree).
// Used only when a command line is not one of galley's: to say what to use instead, or to hand it on.
export const HALYARD_COMMANDS = `
admin
admin deprecate
admin deprecate version
admin publish
admin publish bom
admin publish latest
admin publish latest-halyard
admin publish latest-spinnaker
admin publish profile
admin publish version
backup
backup create
backup restore
config
config artifact
config artifact bitbucket
config artifact bitbucket account
config artifact bitbucket account add
config artifact bitbucket account delete
config artifact bitbucket account edit
config artifact bitbucket account get
config artifact bitbucket account list
config artifact bitbucket disable
config artifact bitbucket enable
config artifact gcs
config artifact gcs account
config artifact gcs account add
config artifact gcs account delete
config artifact gcs account edit
config artifact gcs account get
config artifact gcs account list
config artifact gcs disable
config artifact gcs enable
config artifact github
config artifact github account
config artifact github account add
config artifact github account delete
config artifact github account edit
config artifact github account get
config artifact github account list
config artifact github disable
config artifact github enable
config artifact gitlab
config artifact gitlab account
config artifact gitlab account add
config artifact gitlab account delete
config artifact gitlab account edit
config artifact gitlab account get
config artifact gitlab account list
config artifact gitlab disable
config artifact gitlab enable
config artifact gitrepo
config artifact gitrepo account
config artifact gitrepo account add
config artifact gitrepo account delete
config artifact gitrepo account edit
config artifact gitrepo account get
config artifact gitrepo account list
config artifact gitrepo disable
config artifact gitrepo enable
config artifact helm
config artifact helm account
config artifact helm account add
config artifact helm account delete
config artifact helm account edit
config artifact helm account get
config artifact helm account list
config artifact helm disable
config artifact helm enable
config artifact http
config artifact http account
config artifact http account add
config artifact http account delete
config artifact http account edit
config artifact http account get
config artifact http account list
config artifact http disable
config artifact http enable
config artifact maven
config artifact maven account
config artifact maven account add
config artifact maven account delete
config artifact maven account edit
config artifact maven account get
config artifact maven account list
config artifact maven disable
config artifact maven enable
config artifact oracle
config artifact oracle account
config artifact oracle account add
config artifact oracle account delete
config artifact oracle account edit
config artifact oracle account get
config artifact oracle account list
config artifact oracle disable
config artifact oracle enable
config artifact s3
config artifact s3 account
config artifact s3 account add
config artifact s3 account delete
config artifact s3 account edit
config artifact s3 account get
config artifact s3 account list
config artifact s3 disable
config artifact s3 enable
config artifact templates
config artifact templates add
config artifact templates delete
config artifact templates edit
config artifact templates list
config canary
config canary aws
config canary aws account
config canary aws account add
config canary aws account delete
config canary aws account edit
config canary aws account get
config canary aws account list
config canary aws disable
config canary aws edit
config canary aws enable
config canary datadog
config canary datadog account
config canary datadog account add
config canary datadog account delete
config canary datadog account edit
config canary datadog account get
config canary datadog account list
config canary datadog disable
config canary datadog edit
config canary datadog enable
config canary disable
config canary edit
config canary enable
config canary google
config canary google account
config canary google account add
config canary google account delete
config canary google account edit
config canary google account get
config canary google account list
config canary google disable
config canary google edit
config canary google enable
config canary newrelic
config canary newrelic account
config canary newrelic account add
config canary newrelic account delete
config canary newrelic account edit
config canary newrelic account get
config canary newrelic account list
config canary newrelic disable
config canary newrelic enable
config canary prometheus
config canary prometheus account
config canary prometheus account add
config canary prometheus account delete
config canary prometheus account edit
config canary prometheus account get
config canary prometheus account list
config canary prometheus disable
config canary prometheus edit
config canary prometheus enable
config canary signalfx
config canary signalfx account
config canary signalfx account add
config canary signalfx account delete
config canary signalfx account edit
config canary signalfx account get
config canary signalfx account list
config canary signalfx disable
config canary signalfx enable
config ci
config ci codebuild
config ci codebuild account
config ci codebuild account add
config ci codebuild account delete
config ci codebuild account edit
config ci codebuild account get
config ci codebuild account list
config ci codebuild disable
config ci codebuild edit
config ci codebuild enable
config ci concourse
config ci concourse disable
config ci concourse enable
config ci concourse master
config ci concourse master add
config ci concourse master delete
config ci concourse master edit
config ci concourse master get
config ci concourse master list
config ci gcb
config ci gcb account
config ci gcb account add
config ci gcb account delete
config ci gcb account edit
config ci gcb account list
config ci gcb disable
config ci gcb enable
config ci jenkins
config ci jenkins disable
config ci jenkins enable
config ci jenkins master
config ci jenkins master add
config ci jenkins master delete
config ci jenkins master edit
config ci jenkins master get
config ci jenkins master list
config ci travis
config ci travis disable
config ci travis enable
config ci travis master
config ci travis master add
config ci travis master delete
config ci travis master edit
config ci travis master get
config ci travis master list
config ci wercker
config ci wercker disable
config ci wercker enable
config ci wercker master
config ci wercker master add
config ci wercker master delete
config ci wercker master edit
config ci wercker master get
config ci wercker master list
config deploy
config deploy component-sizing
config deploy component-sizing clouddriver
config deploy component-sizing clouddriver delete
config deploy component-sizing clouddriver edit
config deploy component-sizing clouddriver-bootstrap
config deploy component-sizing clouddriver-bootstrap delete
config deploy component-sizing clouddriver-bootstrap edit
config deploy component-sizing clouddriver-caching
config deploy component-sizing clouddriver-caching delete
config deploy component-sizing clouddriver-caching edit
config deploy component-sizing clouddriver-ro
config deploy component-sizing clouddriver-ro delete
config deploy component-sizing clouddriver-ro edit
config deploy component-sizing clouddriver-ro-deck
config deploy component-sizing clouddriver-ro-deck delete
config deploy component-sizing clouddriver-ro-deck edit
config deploy component-sizing clouddriver-rw
config deploy component-sizing clouddriver-rw delete
config deploy component-sizing clouddriver-rw edit
config deploy component-sizing consul-client
config deploy component-sizing consul-client delete
config deploy component-sizing consul-client edit
config deploy component-sizing consul-server
config deploy component-sizing consul-server delete
config deploy component-sizing consul-server edit
config deploy component-sizing deck
config deploy component-sizing deck delete
config deploy component-sizing deck edit
config deploy component-sizing echo
config deploy component-sizing echo delete
config deploy component-sizing echo edit
config deploy component-sizing echo-scheduler
config deploy component-sizing echo-scheduler delete
config deploy component-sizing echo-scheduler edit
config deploy component-sizing echo-worker
config deploy component-sizing echo-worker delete
config deploy component-sizing echo-worker edit
config deploy component-sizing fiat
config deploy component-sizing fiat delete
config deploy component-sizing fiat edit
config deploy component-sizing front50
config deploy component-sizing front50 delete
config deploy component-sizing front50 edit
config deploy component-sizing gate
config deploy component-sizing gate delete
config deploy component-sizing gate edit
config deploy component-sizing igor
config deploy component-sizing igor delete
config deploy component-sizing igor edit
config deploy component-sizing kayenta
config deploy component-sizing kayenta delete
config deploy component-sizing kayenta edit
config deploy component-sizing monitoring-daemon
config deploy component-sizing monitoring-daemon delete
config deploy component-sizing monitoring-daemon edit
config deploy component-sizing orca
config deploy component-sizing orca delete
config deploy component-sizing orca edit
config deploy component-sizing orca-bootstrap
config deploy component-sizing orca-bootstrap delete
config deploy component-sizing orca-bootstrap edit
config deploy component-sizing redis
config deploy component-sizing redis delete
config deploy component-sizing redis edit
config deploy component-sizing redis-bootstrap
config deploy component-sizing redis-bootstrap delete
config deploy component-sizing redis-bootstrap edit
config deploy component-sizing rosco
config deploy component-sizing rosco delete
config deploy component-sizing rosco edit
config deploy component-sizing vault-client
config deploy component-sizing vault-client delete
config deploy component-sizing vault-client edit
config deploy component-sizing vault-server
config deploy component-sizing vault-server delete
config deploy component-sizing vault-server edit
config deploy edit
config deploy ha
config deploy ha clouddriver
config deploy ha clouddriver disable
config deploy ha clouddriver edit
config deploy ha clouddriver enable
config deploy ha echo
config deploy ha echo disable
config deploy ha echo enable
config edit
config features
config features edit
config generate
config list
config metric-stores
config metric-stores datadog
config metric-stores datadog disable
config metric-stores datadog edit
config metric-stores datadog enable
config metric-stores edit
config metric-stores newrelic
config metric-stores newrelic disable
config metric-stores newrelic edit
config metric-stores newrelic enable
config metric-stores prometheus
config metric-stores prometheus disable
config metric-stores prometheus edit
config metric-stores prometheus enable
config metric-stores stackdriver
config metric-stores stackdriver disable
config metric-stores stackdriver edit
config metric-stores stackdriver enable
config notification
config notification github-status
config notification github-status disable
config notification github-status edit
config notification github-status enable
config notification pubsub
config notification pubsub google
config notification pubsub google add
config notification pubsub google delete
config notification pubsub google disable
config notification pubsub google edit
config notification pubsub google enable
config notification pubsub google get
config notification pubsub google list
config notification slack
config notification slack disable
config notification slack edit
config notification slack enable
config notification twilio
config notification twilio disable
config notification twilio edit
config notification twilio enable
config provider
config provider appengine
config provider appengine account
config provider appengine account add
config provider appengine account delete
config provider appengine account edit
config provider appengine account get
config provider appengine account list
config provider appengine disable
config provider appengine edit
config provider appengine enable
config provider aws
config provider aws account
config provider aws account add
config provider aws account delete
config provider aws account edit
config provider aws account get
config provider aws account list
config provider aws bakery
config provider aws bakery edit
config provider aws disable
config provider aws edit
config provider aws enable
config provider aws features
config provider aws features edit
config provider azure
config provider azure account
config provider azure account add
config provider azure account delete
config provider azure account edit
config provider azure account get
config provider azure account list
config provider azure bakery
config provider azure bakery base-image
config provider azure bakery base-image add
config provider azure bakery base-image delete
config provider azure bakery base-image edit
config provider azure bakery base-image get
config provider azure bakery base-image list
config provider azure bakery edit
config provider azure disable
config provider azure enable
config provider cloudfoundry
config provider cloudfoundry account
config provider cloudfoundry account add
config provider cloudfoundry account delete
config provider cloudfoundry account edit
config provider cloudfoundry account get
config provider cloudfoundry account list
config provider cloudfoundry disable
config provider cloudfoundry enable
config provider cloudrun
config provider cloudrun account
config provider cloudrun account add
config provider cloudrun account delete
config provider cloudrun account edit
config provider cloudrun account get
config provider cloudrun account list
config provider cloudrun disable
config provider cloudrun edit
config provider cloudrun enable
config provider dcos
config provider dcos account
config provider dcos account add
config provider dcos account delete
config provider dcos account edit
config provider dcos account get
config provider dcos account list
config provider dcos cluster
config provider dcos cluster add
config provider dcos cluster delete
config provider dcos cluster edit
config provider dcos cluster get
config provider dcos cluster list
config provider dcos disable
config provider dcos enable
config provider docker-registry
config provider docker-registry account
config provider docker-registry account add
config provider docker-registry account delete
config provider docker-registry account edit
config provider docker-registry account get
config provider docker-registry account list
config provider docker-registry disable
config provider docker-registry enable
config provider ecs
config provider ecs account
config provider ecs account add
config provider ecs account delete
config provider ecs account edit
config provider ecs account get
config provider ecs account list
config provider ecs disable
config provider ecs enable
config provider google
config provider google account
config provider google account add
config provider google account delete
config provider google account edit
config provider google account get
config provider google account list
config provider google bakery
config provider google bakery base-image
config provider google bakery base-image add
config provider google bakery base-image delete
config provider google bakery base-image edit
config provider google bakery base-image get
config provider google bakery base-image list
config provider google bakery edit
config provider google disable
config provider google edit
config provider google enable
config provider huaweicloud
config provider huaweicloud account
config provider huaweicloud account add
config provider huaweicloud account delete
config provider huaweicloud account edit
config provider huaweicloud account get
config provider huaweicloud account list
config provider huaweicloud bakery
config provider huaweicloud bakery base-image
config provider huaweicloud bakery base-image add
config provider huaweicloud bakery base-image delete
config provider huaweicloud bakery base-image edit
config provider huaweicloud bakery base-image get
config provider huaweicloud bakery base-image list
config provider huaweicloud bakery edit
config provider huaweicloud disable
config provider huaweicloud enable
config provider kubernetes
config provider kubernetes account
config provider kubernetes account add
config provider kubernetes account delete
config provider kubernetes account edit
config provider kubernetes account get
config provider kubernetes account list
config provider kubernetes disable
config provider kubernetes edit
config provider kubernetes enable
config provider oracle
config provider oracle account
config provider oracle account add
config provider oracle account delete
config provider oracle account edit
config provider oracle account get
config provider oracle account list
config provider oracle bakery
config provider oracle bakery base-image
config provider oracle bakery base-image add
config provider oracle bakery base-image delete
config provider oracle bakery base-image edit
config provider oracle bakery base-image get
config provider oracle bakery base-image list
config provider oracle bakery edit
config provider oracle disable
config provider oracle enable
config provider tencentcloud
config provider tencentcloud account
config provider tencentcloud account add
config provider tencentcloud account delete
config provider tencentcloud account edit
config provider tencentcloud account get
config provider tencentcloud account list
config provider tencentcloud bakery
config provider tencentcloud bakery base-image
config provider tencentcloud bakery base-image add
config provider tencentcloud bakery base-image delete
config provider tencentcloud bakery base-image edit
config provider tencentcloud bakery base-image get
config provider tencentcloud bakery base-image list
config provider tencentcloud bakery edit
config provider tencentcloud disable
config provider tencentcloud enable
config pubsub
config pubsub google
config pubsub google disable
config pubsub google enable
config pubsub google subscription
config pubsub google subscription add
config pubsub google subscription delete
config pubsub google subscription edit
config pubsub google subscription get
config pubsub google subscription list
config repository
config repository artifactory
config repository artifactory disable
config repository artifactory enable
config repository artifactory search
config repository artifactory search add
config repository artifactory search delete
config repository artifactory search edit
config repository artifactory search get
config repository artifactory search list
config repository nexus
config repository nexus disable
config repository nexus enable
config repository nexus search
config repository nexus search add
config repository nexus search delete
config repository nexus search edit
config repository nexus search get
config repository nexus search list
config security
config security api
config security api edit
config security api ssl
config security api ssl disable
config security api ssl edit
config security api ssl enable
config security authn
config security authn iap
config security authn iap disable
config security authn iap edit
config security authn iap enable
config security authn ldap
config security authn ldap disable
config security authn ldap edit
config security authn ldap enable
config security authn oauth2
config security authn oauth2 disable
config security authn oauth2 edit
config security authn oauth2 enable
config security authn saml
config security authn saml disable
config security authn saml edit
config security authn saml enable
config security authn x509
config security authn x509 disable
config security authn x509 edit
config security authn x509 enable
config security authz
config security authz disable
config security authz edit
config security authz enable
config security authz file
config security authz file edit
config security authz github
config security authz github edit
config security authz google
config security authz google edit
config security authz ldap
config security authz ldap edit
config security ui
config security ui edit
config security ui ssl
config security ui ssl disable
config security ui ssl edit
config security ui ssl enable
config stats
config stats disable
config stats edit
config stats enable
config storage
config storage azs
config storage azs edit
config storage edit
config storage gcs
config storage gcs edit
config storage oracle
config storage oracle edit
config storage s3
config storage s3 edit
config version
config version edit
config webhook
config webhook trust
config webhook trust disable
config webhook trust edit
config webhook trust enable
deploy
deploy apply
deploy clean
deploy collect-logs
deploy connect
deploy details
deploy diff
deploy rollback
plugins
plugins add
plugins delete
plugins disable
plugins disable-downloading
plugins enable
plugins enable-downloading
plugins list
plugins repository
plugins repository add
plugins repository delete
plugins repository edit
plugins repository list
shutdown
spin
spin install
task
task interrupt
task list
version
version bom
version latest
version list
`
