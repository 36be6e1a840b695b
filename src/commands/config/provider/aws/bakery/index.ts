import { aws } from '../../../../../bakery/commands.js'

export default aws.BakeryShow
