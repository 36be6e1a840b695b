import { azure } from '../../../../cli/provider-commands.js'

export default azure.Show
