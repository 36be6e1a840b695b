import { azure } from '../../../../bakery/commands.js'

export default azure.Disable
