import { aws } from '../../../../cli/provider-commands.js'

export default aws.Disable
